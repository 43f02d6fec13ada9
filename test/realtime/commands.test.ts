import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCast, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const headOf = async (talksId: string) => (await server.log.head(talksId as never)).seq;

describe('commands over the socket', () => {
  it('[LOG4] a repeated commandId returns the first answer and appends nothing', async () => {
    const { lead, talksId } = await openCast(server);
    const commandId = randomUUID();
    const first = await lead.command('message.post', { audience: 'mediation', text: 'note' }, commandId);
    const seq = await headOf(talksId);
    const again = await lead.command('message.post', { audience: 'mediation', text: 'note' }, commandId);
    expect(again).toEqual(first);
    expect(await headOf(talksId)).toBe(seq);
    const changed = await lead.command('message.post', { audience: 'mediation', text: 'other' }, commandId);
    expect(changed).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect(await headOf(talksId)).toBe(seq);
  });

  it('[ERR1] malformed, unknown, oversized and unauthorised commands get typed errors and leave the log unchanged', async () => {
    const cast = await openCast(server);
    const observer = await cast.seat('observer', cast.parties[0]?.id);
    const seq = await headOf(cast.talksId);
    const socket = cast.lead.socket;
    const raw = (payload: unknown): Promise<unknown> => socket.timeout(5000).emitWithAck('command', payload as never);
    expect(await raw({ nonsense: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await raw('just a string')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await cast.lead.command('no.such.command', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await cast.lead.command('message.post', { audience: 'mediation' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    const huge = 'x'.repeat(70 * 1024);
    expect(await cast.lead.command('message.post', { audience: 'mediation', text: huge })).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE' },
    });
    expect(await observer.command('phase.change', { to: 'pre-negotiation' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const otherTalks = await raw({ commandId: randomUUID(), talksId: randomUUID(), type: 'talks.get', payload: {} });
    expect(otherTalks).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await headOf(cast.talksId)).toBe(seq);
    expect((await cast.lead.command('talks.get')).ok).toBe(true);
  });

  it('[MB5] a removed member is cut off at once and cannot come back with its token', async () => {
    const cast = await openCast(server);
    const delegate = await cast.seat('delegate', cast.parties[0]?.id);
    const gone = new Promise((resolve) => delegate.socket.once('disconnect', resolve));
    const removed = await cast.lead.command('member.remove', { memberId: delegate.grant.member.id });
    expect(removed.ok).toBe(true);
    await gone;
    expect(delegate.closing[0]?.code).toBe('FORBIDDEN');
    await expect(server.connect(delegate.grant.token)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('[VIS5] talks.get shows a party its own delegation and the mediators, with their presence', async () => {
    const cast = await openCast(server);
    const [a, b] = [{ id: cast.partyA }, { id: cast.partyB }];
    const headA = await cast.seat('head', a.id, 'Amira');
    await cast.seat('head', b.id, 'Boris');
    const view = await headA.command<{ members: { displayName: string }[]; online: string[]; invites?: unknown }>('talks.get');
    if (!view.ok) throw new Error(view.error.message);
    expect(view.result.members.map((member) => member.displayName).sort()).toEqual(['Amira', 'Lead Mediator']);
    expect(view.result.online).toHaveLength(2);
    expect(view.result.invites).toBeUndefined();
  });
});
