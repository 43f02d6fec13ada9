import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asId, FIXED_MESSAGES, type Ack, type ErrorBody, type TalksId } from '../../shared/src/index.js';
import type { TestClient, TestServer } from '../support/server.js';
import { ACTING_ROLES, UNKNOWN_COMMAND_TYPES } from './authorization-matrix.js';
import { Seater, startVisibilityServer } from './seating.js';
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

describe('an outsider learns nothing of a talks it does not belong to', () => {
  it('hears the same NOT_FOUND for every command and for sync, whether the talks exists or not', async () => {
    const stage = await openStage();
    const outsider = (await openStage()).lead;
    const attempts: [string, unknown][] = [
      ['talks.get', {}],
      ['audit.read', {}],
      ['member.invite', { role: 'co-mediator' }],
      ['phase.change', { to: 'pre-negotiation' }],
      ['message.post', { audience: 'mediation', text: 'Hello?' }],
      ['message.post', { audience: 'room', partyId: stage.partyA, text: 'Hello?' }],
      ['conveyance.create', { toPartyId: stage.partyA, text: 'Hello?' }],
      ['summary.draft', { text: 'Hello?' }],
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
