import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { EventLog } from '../../server/src/log/event-log.js';
import { openEventLog } from '../../server/src/storage/open-event-log.js';
import { PostgresEventLog } from '../../server/src/storage/postgres/postgres-event-log.js';
import { POSTGRES_MIGRATIONS } from '../../server/src/storage/postgres/migrations.js';
import { eventLogContract, type LogHarness } from './event-log-contract.js';

// Every harness gets its own fresh schema, dropped afterwards: runs never see each other's rows.
const DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const postgresAnswers = async (): Promise<boolean> => {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const makePostgresLog = async (): Promise<LogHarness> => {
  const schema = `parley_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
  const opened: EventLog[] = [];
  const open = async () => {
    const log = await PostgresEventLog.open({ connectionString: DATABASE_URL, schema, maxConnections: 4 });
    opened.push(log);
    return log;
  };
  const edit = async (sql: string, params: (string | number)[]): Promise<void> => {
    await admin.query(sql.replaceAll('events', `"${schema}".events`), params);
  };
  return {
    log: await open(),
    openAnother: open,
    tamper: {
      setBody: (talksId, seq, body) =>
        edit('UPDATE events SET body = $1 WHERE talks_id = $2 AND seq = $3', [body, talksId, seq]),
      deleteEvent: (talksId, seq) =>
        edit('DELETE FROM events WHERE talks_id = $1 AND seq = $2', [talksId, seq]),
    },
    cleanup: async () => {
      for (const log of opened) await log.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
};

const available = await postgresAnswers();

const freshSchema = () => `parley_test_${randomBytes(6).toString('hex')}`;

const dropSchema = async (schema: string): Promise<void> => {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
};

if (available) {
  eventLogContract('PostgreSQL', makePostgresLog);

  describe('PostgreSQL sessions and schema', () => {
    it('[LOG8] refuses a connection URL that turns synchronous_commit off', async () => {
      const schema = freshSchema();
      const url = `${DATABASE_URL}?options=${encodeURIComponent('-c synchronous_commit=off')}`;
      try {
        await expect(PostgresEventLog.open({ connectionString: url, schema })).rejects.toThrow(
          /synchronous_commit is off, expected on/,
        );
      } finally {
        await dropSchema(schema);
      }
    });

    it('migrates once when several nodes open the same schema at the same time', async () => {
      const schema = freshSchema();
      const logs = await Promise.all(
        [1, 2, 3].map(() =>
          PostgresEventLog.open({ connectionString: DATABASE_URL, schema, maxConnections: 2 }),
        ),
      );
      try {
        const client = new pg.Client({ connectionString: DATABASE_URL });
        await client.connect();
        const result = await client.query<{ version: number }>(
          `SELECT version FROM "${schema}".schema_migrations`,
        );
        await client.end();
        // Each migration exactly once, whoever ran it.
        expect(result.rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((migration) => migration.version));
      } finally {
        for (const log of logs) await log.close();
        await dropSchema(schema);
      }
    });

    it('is selected by openEventLog for a postgres URL', async () => {
      const schema = freshSchema();
      const log = await openEventLog({
        dataDir: '/nonexistent',
        databaseUrl: DATABASE_URL,
        postgresSchema: schema,
      });
      expect(log.store).toBeInstanceOf(PostgresEventLog);
      await log.close();
      await dropSchema(schema);
    });
  });
} else if (process.env.CI) {
  describe('EventLog contract: PostgreSQL', () => {
    it('runs in CI, where PostgreSQL must answer', () => {
      throw new Error(
        `PostgreSQL did not answer at ${DATABASE_URL}; CI must not skip the PostgreSQL contract`,
      );
    });
  });
} else {
  describe.skip(`EventLog contract: PostgreSQL (no server at ${DATABASE_URL})`, () => {
    it('needs a PostgreSQL server', () => undefined);
  });
}
