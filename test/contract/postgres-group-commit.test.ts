import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import { PostgresEventLog } from '../../server/src/storage/postgres/postgres-event-log.js';
import { newEvent, newTalksId } from '../log/new-event.js';

// What only PostgreSQL's group commit does: its fast path decides a whole batch
// from rows locked at the start, and must hand over to the append-by-append path
// when another node changes what it could not lock (a talks it is creating).
const DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
const available = await admin.connect().then(
  () => true,
  () => false,
);

/** Waits until some session waits for a lock that session `pid` holds (polling: PostgreSQL sends no event for it). */
const someoneWaitsFor = async (pid: number): Promise<void> => {
  for (;;) {
    const result = await admin.query<{ count: string }>(
      'SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
      [pid],
    );
    if (Number(result.rows[0]?.count) > 0) return;
    await delay(10);
  }
};

describe.skipIf(!available)('PostgreSQL group commit', () => {
  let schema: string;
  let log: PostgresEventLog;

  beforeEach(async () => {
    schema = `parley_test_${randomBytes(6).toString('hex')}`;
    log = await PostgresEventLog.open({ connectionString: DATABASE_URL, schema, maxConnections: 4 });
  });
  afterEach(async () => {
    await log.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
  afterAll(async () => {
    await admin.end();
  });

  it('[LOG7] redoes a batch append by append when another node creates one of its talks meanwhile', async () => {
    const contested = newTalksId();
    const calm = newTalksId();
    const otherNode = new pg.Client({ connectionString: DATABASE_URL });
    await otherNode.connect();
    try {
      const pid = (await otherNode.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await otherNode.query('BEGIN');
      await otherNode.query(`INSERT INTO "${schema}".talks_heads (talks_id, seq, hash) VALUES ($1, 3, $2)`, [
        contested,
        'a'.repeat(64),
      ]);
      const batch = Promise.allSettled([
        log.append({ talksId: contested, expectedSeq: 0, events: [newEvent('joint')] }),
        log.append({ talksId: calm, expectedSeq: 0, events: [newEvent('joint'), newEvent('gallery')] }),
      ]);
      await someoneWaitsFor(pid);
      await otherNode.query('COMMIT');
      const [lost, kept] = await batch;
      expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'CONFLICT' } });
      expect(kept).toMatchObject({ status: 'fulfilled', value: { kind: 'appended' } });
    } finally {
      await otherNode.end();
    }
    expect(await log.head(contested)).toEqual({ seq: 3, hash: 'a'.repeat(64) });
    expect(await log.read(contested, 0)).toEqual([]);
    expect(await verifyTalksChain(log, calm)).toMatchObject({ ok: true, count: 2 });
  });
});

if (!available && process.env.CI) {
  throw new Error(`PostgreSQL did not answer at ${DATABASE_URL}; CI must not skip the PostgreSQL tests`);
}
