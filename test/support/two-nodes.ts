import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateSigningJwk } from '../../server/src/auth/keys.js';
import { startTestServer, type TestServer } from './server.js';

// Two Parley nodes in this process, as behind a load balancer: one PostgreSQL schema of
// their own, one signing key, and the chosen cluster fan-out (the PostgreSQL or the Redis
// Socket.IO adapter). A token issued by one node opens a socket on the other.

export const DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type ClusterFanout = 'postgres' | 'redis';

export interface TwoNodes {
  nodes: [TestServer, TestServer];
  schema: string;
  close(): Promise<void>;
}

export async function startTwoNodes(fanout: ClusterFanout = 'postgres', extraEnv: Record<string, string> = {}): Promise<TwoNodes> {
  const schema = `parley_test_${randomBytes(6).toString('hex')}`;
  const env = {
    PARLEY_PG_SCHEMA: schema,
    PARLEY_FANOUT: fanout,
    REDIS_URL,
    PARLEY_SIGNING_KEY: JSON.stringify(await generateSigningJwk()),
    PARLEY_LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  // One after the other: the first runs the migrations, the second finds them done.
  const first = await startTestServer({ databaseUrl: DATABASE_URL, env });
  const second = await startTestServer({ databaseUrl: DATABASE_URL, env });
  return {
    nodes: [first, second],
    schema,
    close: async () => {
      // Every socket goes first and each node hears the last presence round trip back, so
      // no presence announcement is still in flight when an adapter closes under it.
      for (const node of [first, second]) node.app.io.disconnectSockets(true);
      for (const node of [first, second]) {
        while ((await node.app.io.fetchSockets()).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all([first.close(), second.close()]);
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}
