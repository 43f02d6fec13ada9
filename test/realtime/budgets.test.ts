import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIMITS, type TalksId, type WireEvent } from '../../shared/src/index.js';
import { boundedPage } from '../../server/src/app/sync-page.js';
import { Budgets } from '../../server/src/realtime/budgets.js';
import { memberRoom } from '../../server/src/realtime/rooms.js';
import { readableAudiences } from '../../server/src/visibility/audience.js';
import { openCast, startTestServer, type Cast, type TestClient, type TestServer } from '../support/server.js';

// [OPS2]-[OPS4]: one member, however many sockets it opens, gets one budget; the
// server keeps answering everyone else. Real servers, real sockets, real store.

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const start = async (env: Record<string, string>) => {
  server = await startTestServer({ env });
  return server;
};

/** Posts `count` mediation notes of `chars` characters straight through the service (no socket budget). */
async function fill(running: TestServer, cast: Cast, count: number, chars: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await running.app.service.execute(
      cast.talksId as TalksId,
      cast.lead.grant.member.id,
      randomUUID(),
      'message.post',
      { audience: 'mediation', text: `${i} ${'ж'.repeat(chars)}` },
    );
  }
}

const socketsOf = (running: TestServer, cast: Cast) =>
  running.app.io.in(memberRoom(cast.talksId as TalksId, cast.lead.grant.member.id)).fetchSockets();

const disconnected = (client: TestClient) =>
  client.socket.disconnected ? Promise.resolve() : new Promise((resolve) => client.socket.once('disconnect', resolve));

describe('budgets per member, across its sockets', () => {
  it('[OPS2] a member over the socket cap keeps its newest sockets; the oldest hear why and close', async () => {
    const running = await start({ PARLEY_SOCKETS_PER_MEMBER: '3' });
    const cast = await openCast(running);
    const more: TestClient[] = [];
    for (let i = 0; i < 3; i++) more.push(await running.connect(cast.lead.grant.token));
    await disconnected(cast.lead);
    expect(cast.lead.closing).toEqual([{ code: 'RATE_LIMITED', message: expect.stringMatching(/another window/) as string }]);
    expect(more.every((client) => client.socket.connected)).toBe(true);

    // Ten at once: whatever order the admissions run in, exactly the cap stays open.
    const burst = await Promise.all(Array.from({ length: 10 }, () => running.connect(cast.lead.grant.token)));
    await vi.waitFor(async () => expect(await socketsOf(running, cast)).toHaveLength(3), { timeout: 10_000 });
    await Promise.all(more.map(disconnected));
    const open = burst.filter((client) => client.socket.connected);
    await vi.waitFor(() => expect(burst.filter((client) => client.socket.connected)).toHaveLength(3), { timeout: 10_000 });
    expect(open.length).toBeGreaterThanOrEqual(3);
    // The survivors still work.
    const survivor = burst.find((client) => client.socket.connected);
    expect((await survivor?.command('talks.get'))?.ok).toBe(true);
  });

  it('[OPS3] a member over its read budget gets RATE_LIMITED with retryAfterMs, while another member is answered at once', async () => {
    const running = await start({ PARLEY_MEMBER_READ_KIB_PER_SECOND: '16', PARLEY_SOCKETS_PER_MEMBER: '10' });
    const cast = await openCast(running);
    const head = await cast.seat('head', cast.partyA, 'Amira');
    await fill(running, cast, 60, 2000);
    const sockets = [cast.lead, ...(await Promise.all(Array.from({ length: 4 }, () => running.connect(cast.lead.grant.token))))];

    // Syncs from nothing on every socket at once: one answer, the rest refused with a wait.
    const answers = await Promise.all(sockets.flatMap((socket) => [socket.sync(), socket.sync(), socket.sync()]));
    const served = answers.filter((answer) => answer.ok);
    const refused = answers.filter((answer) => !answer.ok);
    expect(served.length).toBeGreaterThanOrEqual(1);
    expect(served.length).toBeLessThan(answers.length);
    for (const answer of refused) {
      if (answer.ok) continue;
      expect(answer.error.code).toBe('RATE_LIMITED');
      expect(answer.error.retryAfterMs).toBeGreaterThan(0);
      expect(answer.error.message).not.toMatch(/Error|stack|undefined/);
    }
    // talks.get is a read too: refused for the lead while its budget is in debt...
    const leadRead = await cast.lead.command('talks.get');
    expect(leadRead).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // ...and another member's commands and reads go through.
    expect((await head.command('talks.get')).ok).toBe(true);
    expect((await head.command('message.post', { audience: 'caucus', text: 'still here' })).ok).toBe(true);
    expect((await head.sync()).ok).toBe(true);
  });

  it('[OPS3] commands of one member share one budget across its sockets; another member keeps its own', async () => {
    const running = await start({ PARLEY_MEMBER_MESSAGES_PER_SECOND: '5', PARLEY_SOCKETS_PER_MEMBER: '10' });
    const cast = await openCast(running);
    const head = await cast.seat('head', cast.partyA, 'Amira');
    const sockets = [cast.lead, ...(await Promise.all(Array.from({ length: 5 }, () => running.connect(cast.lead.grant.token))))];
    const answers = await Promise.all(
      sockets.flatMap((socket) =>
        Array.from({ length: 10 }, (_, i) => socket.command('message.post', { audience: 'mediation', text: `n${i}` })),
      ),
    );
    const accepted = answers.filter((answer) => answer.ok).length;
    // Fifteen (three seconds' worth) and what refilled meanwhile; never the sixty sent.
    expect(accepted).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThan(30);
    const refusal = answers.find((answer) => !answer.ok);
    expect(refusal).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) as number } });
    expect((await head.command('message.post', { audience: 'caucus', text: 'mine' })).ok).toBe(true);
    // Oversized frames cost the budget too, and answer with a typed error.
    const huge = await head.command('message.post', { audience: 'caucus', text: 'x'.repeat(70 * 1024) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('[OPS4] a sync page never exceeds the byte bound, and paging by cursors reaches every event once', async () => {
    const running = await start({});
    const cast = await openCast(running);
    await fill(running, cast, 80, 6000);
    const seen: WireEvent[] = [];
    let cursors: Record<string, number> = {};
    let pages = 0;
    for (let more = true; more; pages++) {
      const answer = await cast.lead.sync(cursors);
      if (!answer.ok) throw new Error(answer.error.message);
      expect(Buffer.byteLength(JSON.stringify(answer.result))).toBeLessThanOrEqual(LIMITS.maxSyncBytes);
      expect(answer.result.events.length).toBeGreaterThan(0);
      for (const event of answer.result.events) {
        seen.push(event);
        cursors = { ...cursors, [event.audience]: event.aseq };
      }
      more = answer.result.more;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen.map((event) => event.id)).size).toBe(seen.length);
    // Everything the lead may read, straight from the log, arrived: each once.
    const talksId = cast.talksId as TalksId;
    const { state, member } = await running.app.service.memberContext(talksId, cast.lead.grant.member.id);
    const readable = new Set(readableAudiences(state, member));
    const stored = await running.log.read(talksId, 0, (await running.log.head(talksId)).seq);
    const expected = stored.filter((event) => readable.has(event.audience));
    expect(expected.length).toBeGreaterThan(80);
    expect(seen.map((event) => event.id).sort()).toEqual(expected.map((event) => event.id).sort());
  });
});

describe('budget arithmetic', () => {
  const event = (seq: number, chars: number): WireEvent =>
    ({ id: `e${seq}`, seq, aseq: seq, audience: 'mediation', type: 'message.posted', payload: { text: 'x'.repeat(chars) } }) as unknown as WireEvent;

  it('[OPS4] a page keeps at least one event, even one larger than the bound', () => {
    expect(boundedPage([event(1, 5000), event(2, 10)], 100, 1000)).toMatchObject({ events: [{ seq: 1 }], more: true });
    expect(boundedPage([event(1, 10), event(2, 10)], 100, 1000)).toMatchObject({ more: false });
    expect(boundedPage([event(1, 10), event(2, 10)], 1, 1000)).toMatchObject({ events: [{ seq: 1 }], more: true });
  });

  it('[OPS3] a read in debt waits until repaid; a flood of reads is refused, not queued without end', async () => {
    let now = 0;
    const budgets = new Budgets(
      { messages: { capacity: 3, perSecond: 1 }, readBytes: { capacity: 1000, perSecond: 500 }, addressFactor: 2, readsWaiting: 1 },
      () => now,
    );
    await budgets.read('m', 'a', () => Promise.resolve('x'), () => 3000);
    await expect(budgets.read('m', 'a', () => Promise.resolve('y'), () => 1)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 4002,
    });
    now += 4002;
    await budgets.read('m', 'a', () => Promise.resolve('z'), () => 0);
    let release = () => undefined as void;
    const slow = budgets.read('m', 'a', () => new Promise<void>((resolve) => (release = resolve)), () => 0);
    const waiting = budgets.read('m', 'a', () => Promise.resolve(), () => 0);
    await expect(budgets.read('m', 'a', () => Promise.resolve(), () => 0)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/under way/) as string,
    });
    release();
    await Promise.all([slow, waiting]);
    // Messages: the member's three, then a wait; the address still has room for another member.
    for (let i = 0; i < 3; i++) budgets.admitMessage('m', 'a');
    expect(() => budgets.admitMessage('m', 'a')).toThrow(/member/);
    for (let i = 0; i < 3; i++) budgets.admitMessage('n', 'a');
    expect(() => budgets.admitMessage('o', 'a')).toThrow(/address/);
    now += 60_000;
    budgets.sweep();
    expect(budgets.remembered).toBe(0);
  });
});
