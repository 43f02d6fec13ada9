import pg from 'pg';
import type { NewEvent } from '../server/src/log/event-log.js';
import { openEventLog } from '../server/src/storage/open-event-log.js';
import { workingCopy } from './cache.js';
import type { Roster } from './roster.js';

// T5 needs the seeded talks in PostgreSQL. They are copied event by event from the
// seeded SQLite store into a fresh schema (same member ids, so the same session
// tokens work), and the schema is dropped when the run ends.

export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresTarget {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** Whether PostgreSQL answers at the bench's URL (T5 is skipped otherwise). */
export async function postgresAnswers(url = POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function preparePostgres(seedDir: string, roster: Roster, url = POSTGRES_URL): Promise<PostgresTarget> {
  const schema = `bench_${Date.now().toString(36)}`;
  const source = await openEventLog({ dataDir: await workingCopy(seedDir, 'pg-source'), sqliteSynchronous: 'NORMAL' });
  const target = await openEventLog({ dataDir: '', databaseUrl: url, postgresSchema: schema });
  try {
    for (const talks of roster.talks) {
      const events: NewEvent[] = (await source.read(talks.talksId, 0)).map(({ id, type, audience, at, actor, payload }) => ({ id, type, audience, at, actor, payload }));
      await target.append({ talksId: talks.talksId, expectedSeq: 0, events });
    }
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
  return {
    url,
    schema,
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
