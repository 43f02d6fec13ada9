import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import {
  FIXED_MESSAGES,
  SYSTEM_ACTOR,
  type Ack,
  type SyncResult,
  type WireEvent,
} from '../../shared/src/index.js';
import type { TestClient, TestServer } from '../support/server.js';
import { signature } from './agreement-stage.js';
import {
  AGREEMENT_EVENT_AUDIENCES,
  AUDIENCE_MATRIX,
  READER_ROLES,
  type AgreementEventCase,
  type ReaderRole,
} from './authorization-matrix.js';
import { getText, Seater, startVisibilityServer } from './seating.js';
import { Stage } from './stage.js';

// [VIS1][VIS3][VIS9][SIG4] Every agreement event type, over real sockets: one talks walks the
// whole road (agenda, draft, glossary, early implementation, keys, a shared version, both
// parties' comments, marks and acceptances, both signatures), then each reader's live events
// and full sync are held against the audience table of authorization-matrix.ts. The export of
// the agreement is read by every reader before the package is agreed, once it is agreed, and
// once every party signed. Readers belong to party A (the observer is invited on A's behalf).

let server: TestServer;
let stage: Stage;
const clients = new Map<ReaderRole, TestClient>();
const synced = new Map<ReaderRole, WireEvent[] | 'refused'>();
const markers = new Map<AgreementEventCase, (event: WireEvent) => boolean>();
const exports = new Map<string, Map<ReaderRole, { status: number; body: string }>>();

const ACTING = ['lead-mediator', 'co-mediator', 'head', 'delegate', 'observer'] as const;
const is =
  (type: string, fields: Record<string, unknown> = {}) =>
  (event: WireEvent) =>
    event.type === type &&
    Object.entries(fields).every(
      ([key, value]) => (event.payload as unknown as Record<string, unknown>)[key] === value,
    );

async function readExports(moment: string): Promise<void> {
  const answers = new Map<ReaderRole, { status: number; body: string }>();
  for (const role of READER_ROLES) {
    const token = (clients.get(role) as TestClient).grant.token;
    const answer = await getText(`${server.url}/api/talks/${stage.talksId}/agreement`, {
      authorization: `Bearer ${token}`,
    });
    answers.set(role, answer);
  }
  exports.set(moment, answers);
}

beforeAll(async () => {
  server = await startVisibilityServer();
  const seater = new Seater(server);
  stage = await Stage.open(seater);
  const { partyA, partyB, lead } = stage;
  for (const role of ACTING) clients.set(role, (await stage.actor(role)).client);
  const removed = await seater.seat(lead, 'delegate', partyA);
  clients.set('removed', removed.client);
  clients.set('outsider', (await Stage.open(seater)).lead);
  await stage.ok(lead, 'member.remove', { memberId: removed.memberId });
  const head = (partyId: string) => stage.member('head', partyId);
  const headA = await head(partyA);
  const headB = await head(partyB);
  const co = await stage.actor('co-mediator');
  const observer = await stage.actor('observer');
  await readExports('before the package is agreed');

  // The agenda, with a party's proposal linked to it.
  const { itemId } = await stage.ok(lead, 'agenda.add', { title: 'Ceasefire' });
  await stage.ok(co.client, 'agenda.update', { itemId, description: 'Where the lines run.' });
  const submissionId = await stage.submit(
    partyA,
    'mediator-only',
    'Please put the ceasefire lines on the agenda.',
  );
  await stage.ok(lead, 'agenda.link', { itemId, submissionId });
  markers.set('agenda.itemAdded', is('agenda.itemAdded', { itemId }));
  markers.set('agenda.itemUpdated', is('agenda.itemUpdated', { itemId }));
  markers.set('agenda.linked', is('agenda.linked', { itemId }));

  // The mediators' working draft.
  await stage.phase('pre-negotiation');
  const both = (en: string, uk: string) => ({ en, uk });
  const { clauseId } = await stage.ok(lead, 'text.draftClause', {
    agendaItemIds: [itemId],
    texts: both('Forces withdraw.', 'Сили відводяться.'),
    alternatives: [
      { label: 'A', texts: both('Within 60 days.', 'Протягом 60 днів.') },
      { label: 'B', texts: both('Within 120 days.', 'Протягом 120 днів.') },
    ],
  });
  await stage.ok(lead, 'text.setClauseState', { clauseId, state: 'agreed', alternative: 'B' });
  await stage.ok(lead, 'text.setAuthentic', { language: 'uk' });
  const { termId } = await stage.ok(lead, 'glossary.define', {
    term: both('the lines', 'лінії'),
    definition: both('Of 1 May.', 'На 1 травня.'),
  });
  await stage.ok(lead, 'glossary.setState', { termId, state: 'agreed' });
  markers.set('text.clauseDrafted', is('text.clauseDrafted', { clauseId }));
  markers.set('text.clauseStateSet', is('text.clauseStateSet', { clauseId }));
  markers.set('text.authenticSet', is('text.authenticSet'));
  markers.set('glossary.termDefined', is('glossary.termDefined', { termId }));
  markers.set('glossary.termStateSet', is('glossary.termStateSet', { termId }));

  // Early implementation of the item, with both heads' consent.
  await stage.ok(lead, 'item.proposeEarly', { itemId });
  await stage.ok(headA.client, 'item.consentEarly', { itemId });
  await stage.ok(headB.client, 'item.consentEarly', { itemId });
  markers.set('item.earlyProposed', is('item.earlyProposed', { itemId }));
  markers.set('item.earlyConsented by party A', is('item.earlyConsented', { partyId: partyA }));
  markers.set('item.earlyConsented by party B', is('item.earlyConsented', { partyId: partyB }));
  markers.set('item.implementedEarly', is('item.implementedEarly', { itemId }));

  // Keys of a co-mediator and an observer (the heads register theirs when they sign).
  for (const member of [co, observer]) {
    const jwk = await exportJWK((await generateKeyPair('Ed25519')).publicKey);
    await stage.ok(member.client, 'member.registerKey', { jwk });
  }
  markers.set('member.keyRegistered by a co-mediator', is('member.keyRegistered', { memberId: co.memberId }));
  markers.set(
    'member.keyRegistered by an observer',
    is('member.keyRegistered', { memberId: observer.memberId }),
  );
  markers.set(
    'member.keyRegistered by the head of A',
    is('member.keyRegistered', { memberId: headA.memberId }),
  );
  markers.set(
    'member.keyRegistered by the head of B',
    is('member.keyRegistered', { memberId: headB.memberId }),
  );

  // One shared version; each party comments, marks and accepts it in private.
  const { version } = await stage.ok<{ version: number }>(lead, 'text.shareVersion', {});
  markers.set('text.versionShared', is('text.versionShared', { version }));
  await stage.phase('negotiation');
  for (const [partyId, member] of [
    [partyA, headA],
    [partyB, headB],
  ] as const) {
    const side = partyId === partyA ? 'A' : 'B';
    await stage.ok(member.client, 'text.comment', {
      version,
      clauseId,
      text: `Comment of ${side}.`,
      objects: false,
    });
    await stage.ok(member.client, 'package.mark', { version, clauseId, canLiveWith: true });
    await stage.ok(member.client, 'package.accept', { version });
    markers.set(`text.commented by party ${side}`, is('text.commented', { partyId }));
    markers.set(`package.marked by party ${side}`, is('package.marked', { partyId }));
    markers.set(`package.accepted by party ${side}`, is('package.accepted', { partyId }));
  }
  markers.set('package.agreed', is('package.agreed', { version }));
  await readExports('once the package is agreed');

  for (const member of [headA, headB]) {
    await stage.ok(member.client, 'agreement.sign', {
      version,
      jws: await signature(member.client, version),
    });
  }
  markers.set('agreement.signed', is('agreement.signed', { partyId: partyA }));
  markers.set('agreement.concluded', is('agreement.concluded', { version }));
  await readExports('once every party signed');

  // Events reach each socket in log order: once the last one (for everyone) has arrived, all have.
  await stage.phase('concluded');
  const last = is('phase.changed', { to: 'concluded' });
  for (const role of ACTING) {
    const client = clients.get(role) as TestClient;
    await client.waitFor(last);
    const answer: Ack<SyncResult> = await client.sync({});
    synced.set(role, answer.ok ? answer.result.events : 'refused');
  }
  synced.set('removed', 'refused');
  synced.set('outsider', 'refused');
});

afterAll(async () => {
  stage.close();
  await server.close();
});

describe('who receives each agreement event [VIS1][VIS3]', () => {
  for (const [eventCase, kind] of Object.entries(AGREEMENT_EVENT_AUDIENCES) as [
    AgreementEventCase,
    keyof typeof AUDIENCE_MATRIX,
  ][]) {
    describe(`${eventCase} (${kind})`, () => {
      for (const role of READER_ROLES) {
        const may = AUDIENCE_MATRIX[kind][role];
        it(`${role} ${may ? 'receives it' : 'never receives it'}, live and through sync`, () => {
          const marker = markers.get(eventCase) as (event: WireEvent) => boolean;
          const client = clients.get(role) as TestClient;
          const live = client.events.filter((event) => event.talksId === stage.talksId);
          expect(live.some(marker), 'live').toBe(may);
          const fromSync = synced.get(role);
          expect(Array.isArray(fromSync) && fromSync.some(marker), 'sync').toBe(may);
        });
      }
    });
  }

  it('[VIS9] every reader is told the milestones by Parley, not by the head whose act completed them', () => {
    for (const role of ACTING) {
      const milestones = (clients.get(role) as TestClient).events.filter((event) =>
        ['package.agreed', 'item.implementedEarly', 'agreement.concluded'].includes(event.type),
      );
      expect(milestones.map((event) => event.type).sort(), role).toEqual([
        'agreement.concluded',
        'item.implementedEarly',
        'package.agreed',
      ]);
      for (const event of milestones) expect(event.actor, `${role}: ${event.type}`).toEqual(SYSTEM_ACTOR);
    }
  });

  it('[TXT4][PKG1] a party never holds another party’s comment, mark, acceptance or consent, under any event type', () => {
    const headA = clients.get('head') as TestClient;
    const partyB = stage.partyB;
    // The parties are public (talks.opened), and a signature names its party, as on a signed paper [SIG3].
    const publicly = ['talks.opened', 'agreement.signed'];
    const ofB = headA.events.filter(
      (event) => JSON.stringify(event.payload).includes(partyB) && !publicly.includes(event.type),
    );
    expect(ofB.map((event) => event.type)).toEqual([]);
    expect(JSON.stringify(headA.events)).not.toContain('Comment of B.');
  });
});

describe('who reads the export of the agreement, and when [SIG4]', () => {
  const notFound = { error: { code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND } };
  const expected: Record<string, Record<ReaderRole, number>> = {
    'before the package is agreed': {
      'lead-mediator': 404,
      'co-mediator': 404,
      head: 404,
      delegate: 404,
      observer: 404,
      removed: 401,
      outsider: 404,
    },
    'once the package is agreed': {
      'lead-mediator': 200,
      'co-mediator': 200,
      head: 200,
      delegate: 200,
      observer: 404,
      removed: 401,
      outsider: 404,
    },
    'once every party signed': {
      'lead-mediator': 200,
      'co-mediator': 200,
      head: 200,
      delegate: 200,
      observer: 200,
      removed: 401,
      outsider: 404,
    },
  };
  for (const [moment, statuses] of Object.entries(expected)) {
    for (const role of READER_ROLES) {
      const status = statuses[role];
      it(`${moment}, ${role} gets ${status}`, () => {
        const answer = exports.get(moment)?.get(role);
        expect(answer?.status).toBe(status);
        if (status === 404) expect(JSON.parse(answer?.body ?? '')).toEqual(notFound);
        if (status === 200) {
          // The agreed text and its signatures, nothing a party keeps to itself.
          expect(answer?.body).not.toMatch(
            /Comment of|canLiveWith|"objects"|"marks"|"accepted"|ceasefire lines/,
          );
          expect(answer?.body).toContain('Протягом 120 днів.');
          expect(answer?.body).not.toContain('Within 60 days.');
        }
      });
    }
  }
});
