import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, SyncResult, WireEvent } from '../../shared/src/index.js';
import type { TestClient, TestServer } from '../support/server.js';
import { AUDIENCE_KINDS, AUDIENCE_MATRIX, READER_ROLES, type AudienceKind, type ReaderRole } from './authorization-matrix.js';
import { Seater, startVisibilityServer } from './seating.js';
import { Stage } from './stage.js';

// [VIS3] Every cell of the audience matrix, over real sockets: one talks where something is
// said in every audience, then for each reader what arrived live and what `sync` returns.
// Readers belong to party A (the observer is invited on A's behalf); B is the other party.

let server: TestServer;
let stage: Stage;
const clients = new Map<ReaderRole, TestClient>();
const synced = new Map<ReaderRole, WireEvent[] | 'refused'>();
const markers = new Map<AudienceKind, (event: WireEvent) => boolean>();
let audienceName: (kind: AudienceKind) => string;

const said = (text: string) => (event: WireEvent) =>
  event.type === 'message.posted' && (event.payload as { text?: string }).text === text;

async function syncAll(client: TestClient): Promise<WireEvent[] | 'refused'> {
  const answer: Ack<SyncResult> = await client.sync({});
  return answer.ok ? answer.result.events : 'refused';
}

beforeAll(async () => {
  server = await startVisibilityServer();
  const seater = new Seater(server);
  stage = await Stage.open(seater);
  const { partyA, partyB } = stage;
  audienceName = (kind) => kind.replace(':A', `:${partyA}`).replace(':B', `:${partyB}`);
  for (const role of ['lead-mediator', 'co-mediator', 'head', 'delegate', 'observer'] as const) {
    clients.set(role, (await stage.actor(role)).client);
  }
  const removed = await seater.seat(stage.lead, 'delegate', partyA);
  clients.set('removed', removed.client);
  clients.set('outsider', (await Stage.open(seater)).lead);
  await stage.ok(stage.lead, 'member.remove', { memberId: removed.memberId });
  const headA = await stage.actor('head');
  const headB = await stage.member('head', partyB);

  const nonce = randomUUID();
  const post = async (client: TestClient, kind: AudienceKind, payload: Record<string, unknown>) => {
    const text = `${kind} ${nonce}`;
    await stage.ok(client, 'message.post', { ...payload, text });
    markers.set(kind, said(text));
  };
  await post(headA.client, 'caucus:A', { audience: 'caucus' });
  await post(headB.client, 'caucus:B', { audience: 'caucus' });
  await post(headA.client, 'room:A', { audience: 'room' });
  await post(headB.client, 'room:B', { audience: 'room' });
  await post(stage.lead, 'mediation', { audience: 'mediation' });
  await stage.phase('negotiation');
  markers.set('gallery', (event) => event.type === 'phase.changed' && (event.payload as { to?: string }).to === 'negotiation');
  await post(headA.client, 'joint', { audience: 'joint' });

  // Events reach each socket in log order: once the last one (for everyone) has arrived, all have.
  await stage.phase('pre-negotiation');
  const last = (event: WireEvent) => event.type === 'phase.changed' && (event.payload as { to?: string }).to === 'pre-negotiation';
  for (const role of ['lead-mediator', 'co-mediator', 'head', 'delegate', 'observer'] as const) {
    const client = clients.get(role) as TestClient;
    await client.waitFor(last);
    synced.set(role, await syncAll(client));
  }
  synced.set('removed', removed.client.socket.connected ? await syncAll(removed.client) : 'refused');
  synced.set('outsider', 'refused');
});

afterAll(async () => {
  stage.close();
  await server.close();
});

describe('who reads which audience [VIS3]', () => {
  for (const role of READER_ROLES) {
    for (const kind of AUDIENCE_KINDS) {
      const may = AUDIENCE_MATRIX[kind][role];
      it(`${role} ${may ? 'reads' : 'never reads'} ${kind}, live and through sync`, () => {
        const client = clients.get(role) as TestClient;
        const marker = markers.get(kind) as (event: WireEvent) => boolean;
        const ofThisTalks = client.events.filter((event) => event.talksId === stage.talksId);
        expect(ofThisTalks.some(marker), 'live').toBe(may);
        const fromSync = synced.get(role);
        expect(fromSync !== 'refused' && fromSync !== undefined && fromSync.some(marker), 'sync').toBe(may);
        // A removed member read its room while it was a member: only what came after matters for it.
        if (!may && role !== 'removed') {
          const audience = audienceName(kind);
          expect(ofThisTalks.filter((event) => event.audience === audience), 'any live event').toEqual([]);
          if (Array.isArray(fromSync)) expect(fromSync.filter((event) => event.audience === audience), 'any synced event').toEqual([]);
        }
      });
    }
  }

  it('a removed member and an outsider get nothing of this talks, live or through sync', async () => {
    expect(synced.get('removed')).toBe('refused');
    const outsider = clients.get('outsider') as TestClient;
    const answer = (await outsider.socket.timeout(10_000).emitWithAck('sync', { talksId: stage.talksId, cursors: {} })) as Ack;
    expect(answer).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(JSON.stringify(outsider.events)).not.toContain(stage.talksId);
  });
});
