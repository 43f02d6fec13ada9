import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asId, FIXED_MESSAGES, type Ack, type ErrorBody, type TalksId } from '../../shared/src/index.js';
import type { TestClient, TestServer } from '../support/server.js';
import { addItem, defineTerm, draftClause, proposedItem, sharedClause } from './agreement-stage.js';
import { ACTING_ROLES, UNKNOWN_COMMAND_TYPES } from './authorization-matrix.js';
import { getText, Seater, startVisibilityServer } from './seating.js';
import { Stage } from './stage.js';

// [ERR3] A caller who may not see a thing hears NOT_FOUND, worded exactly as for a thing
// that does not exist; an outsider (a member of another talks) learns nothing of this
// talks; unknown command types are refused and change nothing; a removed member may do
// and read nothing.

let server: TestServer;
let seater: Seater;
const stages: Stage[] = [];
beforeAll(async () => {
  server = await startVisibilityServer();
  seater = new Seater(server);
});
afterAll(async () => {
  for (const stage of stages) stage.close();
  await server.close();
});

async function openStage(): Promise<Stage> {
  const stage = await Stage.open(seater);
  stages.push(stage);
  return stage;
}

const refusal = (answer: Ack): ErrorBody => {
  if (answer.ok) throw new Error(`expected a refusal, got ${JSON.stringify(answer)}`);
  return answer.error;
};

/** Sends the same command twice, naming a hidden target, then an absent one: the answers must not differ. */
async function expectHiddenLikeAbsent(client: TestClient, type: string, payloadFor: (id: string) => unknown, hiddenId: string) {
  const hidden = refusal(await client.command(type, payloadFor(hiddenId)));
  const absent = refusal(await client.command(type, payloadFor(randomUUID())));
  expect(hidden).toEqual({ code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND });
  expect(absent).toEqual(hidden);
}

/**
 * A talks' parties are public to all its members (talks.opened goes to the gallery), so naming
 * a party the talks does not have may be a plain input error; it must still read the same
 * whether that id is another talks' party or nobody's.
 */
async function expectForeignPartyLikeAbsent(client: TestClient, type: string, payloadFor: (id: string) => unknown, hiddenId: string) {
  const hidden = refusal(await client.command(type, payloadFor(hiddenId)));
  const absent = refusal(await client.command(type, payloadFor(randomUUID())));
  expect(['NOT_FOUND', 'INVALID_INPUT']).toContain(hidden.code);
  expect(absent).toEqual(hidden);
}

/** A command addressed to a talks the socket's member does not belong to. */
const commandFor = (client: TestClient, talksId: string, type: string, payload: unknown): Promise<Ack> =>
  client.socket.timeout(10_000).emitWithAck('command', { commandId: randomUUID(), talksId, type, payload });

describe('targets the caller may not see read exactly as absent ones [ERR3]', () => {
  it('[SUB2] another party’s submission, withdrawn by a head or a delegate', async () => {
    const stage = await openStage();
    const hiddenId = await stage.submit(stage.partyB, 'conveyable');
    for (const role of ['head', 'delegate'] as const) {
      const actor = await stage.actor(role);
      await expectHiddenLikeAbsent(actor.client, 'submission.withdraw', (submissionId) => ({ submissionId }), hiddenId);
    }
  });

  it('[RSP1] a conveyance delivered to another party, answered by a head or a delegate', async () => {
    const stage = await openStage();
    const hiddenId = await stage.conveyTo(stage.partyB);
    for (const role of ['head', 'delegate'] as const) {
      const actor = await stage.actor(role);
      const payload = (conveyanceId: string) => ({ conveyanceId, stance: 'counter', text: 'No.', disclosure: 'conveyable' });
      await expectHiddenLikeAbsent(actor.client, 'response.create', payload, hiddenId);
    }
  });

  it('things of another talks: members, invites, submissions, responses, summaries and parties', async () => {
    const stage = await openStage();
    const other = await openStage();
    await stage.phase('pre-negotiation');
    const otherMember = await other.member('delegate', other.partyA);
    const otherInvite = await other.ok(other.lead, 'member.invite', { role: 'delegate', partyId: other.partyB });
    const otherSubmission = await other.submit(other.partyA, 'conveyable');
    const otherConveyance = await other.conveyTo(other.partyA);
    const otherHead = await other.member('head', other.partyA);
    const otherResponse = await other.ok(otherHead.client, 'response.create', {
      conveyanceId: otherConveyance,
      stance: 'counter',
      text: 'A counter.',
      disclosure: 'conveyable',
    });
    const otherSummary = await other.draftSummary();
    const lead = stage.lead;
    await expectHiddenLikeAbsent(lead, 'member.remove', (memberId) => ({ memberId }), otherMember.memberId);
    await expectHiddenLikeAbsent(lead, 'invite.revoke', (inviteId) => ({ inviteId }), otherInvite.inviteId ?? '');
    const convey = (key: string) => (id: string) => ({ toPartyId: stage.partyB, text: 'Words.', [key]: id });
    await expectHiddenLikeAbsent(lead, 'conveyance.create', convey('submissionId'), otherSubmission);
    await expectHiddenLikeAbsent(lead, 'conveyance.create', convey('responseId'), otherResponse.responseId ?? '');
    const toParty = (toPartyId: string) => ({ toPartyId, text: 'Words.' });
    await expectForeignPartyLikeAbsent(lead, 'conveyance.create', toParty, other.partyA);
    const roomOf = (partyId: string) => ({ audience: 'room', partyId, text: 'Words.' });
    await expectForeignPartyLikeAbsent(lead, 'message.post', roomOf, other.partyA);
    const head = await stage.actor('head');
    await expectHiddenLikeAbsent(head.client, 'summary.approve', (summaryId) => ({ summaryId }), otherSummary);
    await expectHiddenLikeAbsent(lead, 'summary.publish', (summaryId) => ({ summaryId }), otherSummary);
  });
});

describe('the agreement’s targets the caller may not see read exactly as absent ones [ERR3]', () => {
  it('[TXT4][PKG1] a clause still in the mediators’ draft, or a version not shared yet, named by a head or a delegate', async () => {
    const stage = await openStage();
    const { version } = await sharedClause(stage);
    const hidden = await draftClause(stage, { en: 'A clause the parties have not seen.' });
    const comment = (clauseId: string) => ({ version, clauseId, text: 'We object.', objects: true });
    for (const role of ['head', 'delegate'] as const) {
      const actor = await stage.actor(role);
      await expectHiddenLikeAbsent(actor.client, 'text.comment', comment, hidden);
      const unshared = refusal(await actor.client.command('text.comment', { ...comment(hidden), version: version + 1 }));
      expect(unshared).toEqual(refusal(await actor.client.command('text.comment', { ...comment(hidden), version: version + 99 })));
      expect(unshared).toEqual({ code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND });
    }
    await stage.phase('negotiation');
    const head = await stage.actor('head');
    await expectHiddenLikeAbsent(head.client, 'package.mark', (clauseId) => ({ version, clauseId, canLiveWith: false }), hidden);
  });

  it('agenda items, clauses, terms and submissions of another talks', async () => {
    const stage = await openStage();
    const other = await openStage();
    const otherItem = await proposedItem(other);
    const otherSubmission = await other.submit(other.partyA, 'conveyable');
    const { clauseId: otherClause } = await sharedClause(other);
    const otherTerm = await defineTerm(other);
    const ownItem = await addItem(stage);
    const { version } = await sharedClause(stage);
    const lead = stage.lead;
    const texts = { en: 'Words.' };
    await expectHiddenLikeAbsent(lead, 'agenda.update', (itemId) => ({ itemId, title: 'Another title' }), otherItem);
    await expectHiddenLikeAbsent(lead, 'agenda.link', (itemId) => ({ itemId, submissionId: otherSubmission }), otherItem);
    await expectHiddenLikeAbsent(lead, 'agenda.link', (submissionId) => ({ itemId: ownItem, submissionId }), otherSubmission);
    await expectHiddenLikeAbsent(lead, 'agenda.link', (clauseId) => ({ itemId: ownItem, clauseId }), otherClause);
    await expectHiddenLikeAbsent(lead, 'text.draftClause', (clauseId) => ({ clauseId, agendaItemIds: [], texts }), otherClause);
    await expectHiddenLikeAbsent(lead, 'text.draftClause', (itemId) => ({ agendaItemIds: [itemId], texts }), otherItem);
    await expectHiddenLikeAbsent(lead, 'text.setClauseState', (clauseId) => ({ clauseId, state: 'agreed' }), otherClause);
    await expectHiddenLikeAbsent(lead, 'glossary.define', (termId) => ({ termId, term: texts, definition: texts }), otherTerm);
    await expectHiddenLikeAbsent(lead, 'glossary.setState', (termId) => ({ termId, state: 'agreed' }), otherTerm);
    await expectHiddenLikeAbsent(lead, 'item.proposeEarly', (itemId) => ({ itemId }), otherItem);
    const head = await stage.actor('head');
    await expectHiddenLikeAbsent(head.client, 'item.consentEarly', (itemId) => ({ itemId }), otherItem);
    const comment = (clauseId: string) => ({ version, clauseId, text: 'We object.', objects: true });
    await expectHiddenLikeAbsent(head.client, 'text.comment', comment, otherClause);
  });

  it('[SIG4] the export of an agreed talks reads to an outsider as that of a talks that does not exist', async () => {
    const stage = await openStage();
    const outsider = await openStage();
    const read = (talksId: string) =>
      getText(`${server.url}/api/talks/${talksId}/agreement`, { authorization: `Bearer ${outsider.lead.grant.token}` });
    const existing = await read(stage.talksId);
    expect(existing.status).toBe(404);
    expect(JSON.parse(existing.body)).toEqual({ error: { code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND } });
    const absent = await read(randomUUID());
    expect({ status: absent.status, body: absent.body }).toEqual({ status: existing.status, body: existing.body });
  });
});

describe('an outsider learns nothing of a talks it does not belong to', () => {
  it('hears the same NOT_FOUND for every command and for sync, whether the talks exists or not', async () => {
    const stage = await openStage();
    const outsider = (await openStage()).lead;
    // Two messages per attempt, and the socket's burst is 30 messages: a few of each kind.
    const attempts: [string, unknown][] = [
      ['talks.get', {}],
      ['audit.read', {}],
      ['member.invite', { role: 'co-mediator' }],
      ['phase.change', { to: 'pre-negotiation' }],
      ['message.post', { audience: 'mediation', text: 'Hello?' }],
      ['message.post', { audience: 'room', partyId: stage.partyA, text: 'Hello?' }],
      ['conveyance.create', { toPartyId: stage.partyA, text: 'Hello?' }],
      ['summary.draft', { text: 'Hello?' }],
      ['agenda.add', { title: 'Hello?' }],
      ['text.comment', { version: 1, clauseId: randomUUID(), text: 'Hello?', objects: true }],
      ['package.mark', { version: 1, clauseId: randomUUID(), canLiveWith: true }],
      ['member.registerKey', { jwk: { kty: 'OKP', crv: 'Ed25519', x: 'F_qbzw8XdyUWmlN4mgKim5qtlA_BtWAJVHScHbpIUCU' } }],
      ['agreement.sign', { version: 1, jws: 'a.b.c' }],
    ];
    for (const [type, payload] of attempts) {
      const existing = refusal(await commandFor(outsider, stage.talksId, type, payload));
      const absent = refusal(await commandFor(outsider, randomUUID(), type, payload));
      expect(existing, type).toEqual({ code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND });
      expect(absent, type).toEqual(existing);
    }
    const sync = (talksId: string): Promise<Ack> =>
      outsider.socket.timeout(10_000).emitWithAck('sync', { talksId, cursors: {} });
    const syncExisting = refusal(await sync(stage.talksId));
    expect(syncExisting).toEqual({ code: 'NOT_FOUND', message: FIXED_MESSAGES.NOT_FOUND });
    expect(refusal(await sync(randomUUID()))).toEqual(syncExisting);
    expect(JSON.stringify(outsider.events)).not.toContain(stage.talksId);
  });
});

describe('unknown command types', () => {
  it('[ERR1] are refused with INVALID_INPUT for every role and append nothing', async () => {
    const stage = await openStage();
    const talksId = asId<TalksId>(stage.talksId);
    const before = await server.log.head(talksId);
    for (const role of ACTING_ROLES) {
      const actor = await stage.actor(role);
      const after = await server.log.head(talksId);
      for (const type of UNKNOWN_COMMAND_TYPES) {
        const answer = await actor.client.command(type, {});
        expect(answer.ok ? 'allowed' : answer.error.code, `${role} ${type}`).toBe('INVALID_INPUT');
      }
      expect(await server.log.head(talksId), role).toEqual(after);
    }
    expect((await server.log.head(talksId)).seq).toBeGreaterThan(before.seq);
  });
});

describe('a removed member', () => {
  it('[MB5][ID5] is cut off, cannot come back, cannot refresh and reads nothing posted after', async () => {
    const stage = await openStage();
    const head = await stage.actor('head');
    const delegate = await stage.actor('delegate');
    await stage.ok(stage.lead, 'member.remove', { memberId: head.memberId });
    await new Promise<void>((resolve) => {
      if (head.client.socket.disconnected) resolve();
      else head.client.socket.once('disconnect', () => resolve());
    });
    expect(head.client.closing[0]?.code).toBe('FORBIDDEN');
    await expect(server.connect(head.grant.token)).rejects.toThrow('UNAUTHENTICATED');
    const refreshed = await fetch(`${server.url}/api/session/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.255.0.1' },
      body: JSON.stringify({ refreshToken: head.grant.refreshToken }),
    });
    expect(refreshed.status).toBe(401);
    await stage.ok(delegate.client, 'message.post', { audience: 'caucus', text: 'After the removal.' });
    await delegate.client.waitFor((event) => event.type === 'message.posted');
    expect(JSON.stringify(head.client.events)).not.toContain('After the removal.');
  });
});
