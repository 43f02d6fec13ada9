import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TalksId } from '../../shared/src/index.js';
import { generateSigningJwk } from '../../server/src/auth/keys.js';
import { memberRoom } from '../../server/src/realtime/rooms.js';
import { startTestServer, type TestClient, type TestServer } from '../support/server.js';

// [OPS2] across nodes: the socket cap counts a member's sockets on every node through the
// PostgreSQL adapter, and closes the oldest wherever it is.

const DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `cap_${randomBytes(4).toString('hex')}`;
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  const env = {
    PARLEY_PG_SCHEMA: schema,
    PARLEY_FANOUT: 'postgres',
    PARLEY_SIGNING_KEY: JSON.stringify(await generateSigningJwk()),
    PARLEY_SOCKETS_PER_MEMBER: '2',
  };
  first = await startTestServer({ databaseUrl: DATABASE_URL, env });
  second = await startTestServer({ databaseUrl: DATABASE_URL, env });
});

afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

const gone = (client: TestClient) =>
  client.socket.disconnected ? Promise.resolve() : new Promise((resolve) => client.socket.once('disconnect', resolve));

describe('the socket cap on two nodes', () => {
  it('[OPS2] a third socket on the other node closes the oldest, on the first node', async () => {
    const talks = await first.createTalks();
    const grant = await first.join(talks.invite.code, 'Lead Mediator');
    const oldest = await first.connect(grant.token);
    const middle = await first.connect(grant.token);
    // Both nodes must see each other before the count can span them.
    await vi.waitFor(async () => expect(await second.app.io.of('/').adapter.serverCount()).toBe(2), { timeout: 15_000 });
    const newest = await second.connect(grant.token);
    await gone(oldest);
    expect(oldest.closing[0]?.code).toBe('RATE_LIMITED');
    const room = memberRoom(talks.talksId as TalksId, grant.member.id);
    await vi.waitFor(async () => expect(await second.app.io.in(room).fetchSockets()).toHaveLength(2), { timeout: 10_000 });
    expect(middle.socket.connected && newest.socket.connected).toBe(true);
  });
});
