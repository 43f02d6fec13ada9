import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../shared/src/index.js';
import { openCast, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const cursorsOf = (events: WireEvent[]) => {
  const cursors: Record<string, number> = {};
  for (const event of events) cursors[event.audience] = Math.max(cursors[event.audience] ?? 0, event.aseq);
  return cursors;
};
const keyOf = (event: WireEvent) => `${event.audience}#${event.aseq}`;

describe('resume from cursors', () => {
  it('[RES1][RES2] a client that reconnects to a restarted server misses nothing and receives nothing twice', async () => {
    const cast = await openCast(server);
    const partyA = cast.parties[0]?.id ?? '';
    const head = await cast.seat('head', partyA, 'Amira');
    await head.command('message.post', { audience: 'room', text: 'before the drop' });
    const first = await head.sync({});
    if (!first.ok) throw new Error(first.error.message);
    const held = first.result.events;
    const cursors = cursorsOf(held);
    const token = head.grant.token;
    head.close();

    await cast.lead.command('message.post', { audience: 'room', partyId: partyA, text: 'while you were away' });
    await cast.lead.command('phase.change', { to: 'pre-negotiation' });
    await server.restart();

    const back = await server.connect(token);
    const rest = await back.sync(cursors);
    if (!rest.ok) throw new Error(rest.error.message);
    const all = [...held, ...rest.result.events];
    expect(new Set(all.map(keyOf)).size).toBe(all.length);
    const fresh = await back.sync({});
    if (!fresh.ok) throw new Error(fresh.error.message);
    expect(all.map(keyOf).sort()).toEqual(fresh.result.events.map(keyOf).sort());
    expect(rest.result.events.map((event) => event.type)).toEqual(['message.posted', 'phase.changed']);
  });

  it('[RES1] aseq counts each audience from 1 without gaps', async () => {
    const cast = await openCast(server);
    const all = await cast.lead.sync({});
    if (!all.ok) throw new Error(all.error.message);
    const byAudience = new Map<string, number[]>();
    for (const event of all.result.events) byAudience.set(event.audience, [...(byAudience.get(event.audience) ?? []), event.aseq]);
    for (const seqs of byAudience.values()) expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    expect(JSON.stringify(all.result.events)).not.toMatch(/"seq"|"hash"|codeHash/);
  });
});
