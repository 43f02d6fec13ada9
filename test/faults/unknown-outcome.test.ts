import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendRequest } from '../../server/src/log/event-log.js';
import { PostgresEventLog } from '../../server/src/storage/postgres/postgres-event-log.js';
import { GuardedEventLog } from '../../server/src/storage/store-guard.js';
import { isDomainError } from '../../server/src/talks/domain-error.js';
import { newEvent, newTalksId } from '../log/new-event.js';

// [FLT2] A commit whose caller stopped waiting (it heard UNAVAILABLE) may still
// commit, or not. Either way the retry with the same commandId settles it: the
// command record is written in the same transaction as the events, so the
// command is applied exactly once or not at all. A row lock held by another
// session stands in for a stuck network: the append waits behind it.

const DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `parley_test_${randomBytes(6).toString('hex')}`;
const deadlines = { connectMs: 1_000, queryMs: 1_500, commitMs: 300 };

const reachable = await (async () => {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
})();

describe.skipIf(!reachable && !process.env.CI)('an append whose outcome is unknown (PostgreSQL)', () => {
  let store: PostgresEventLog;
  let log: GuardedEventLog;
  let blocker: pg.Client;

  beforeAll(async () => {
    store = await PostgresEventLog.open({ connectionString: DATABASE_URL, schema, deadlines });
    log = new GuardedEventLog(store, deadlines);
    blocker = new pg.Client({ connectionString: DATABASE_URL });
    await blocker.connect();
  });

  afterAll(async () => {
    await log.close();
    await blocker.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await blocker.end();
  });

  const commandFor = (talksId: ReturnType<typeof newTalksId>, seq: number): AppendRequest => ({
    talksId,
    expectedSeq: seq,
    events: [newEvent('mediation', 'decided once')],
    command: { commandId: randomUUID(), fingerprint: 'f', result: { ok: true } },
  });

  const holdHead = async (talksId: string) => {
    await blocker.query('BEGIN');
    await blocker.query(`SELECT seq FROM ${schema}.talks_heads WHERE talks_id = $1 FOR UPDATE`, [talksId]);
  };

  const unavailableWithin = async (request: AppendRequest) => {
    const started = Date.now();
    const failure = await log.append(request).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isDomainError(failure) && failure.code).toBe('UNAVAILABLE');
    expect(isDomainError(failure) && failure.retryAfterMs).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(deadlines.commitMs + 500);
  };

  const eventsOf = async (commandId: string) =>
    Number(
      (await blocker.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.events WHERE command_id = $1`, [commandId]))
        .rows[0]?.n,
    );

  it('answers UNAVAILABLE at the commit deadline; when the late commit lands, the retry answers duplicate', async () => {
    const talksId = newTalksId();
    await log.append({ talksId, expectedSeq: 0, events: [newEvent('mediation', 'opening')] });
    const request = commandFor(talksId, 1);
    await holdHead(talksId);
    await unavailableWithin(request);
    // Meanwhile other talks are not held up by the stuck batch.
    const other = newTalksId();
    await expect(log.append({ talksId: other, expectedSeq: 0, events: [newEvent('mediation', 'elsewhere')] })).resolves.toMatchObject({
      kind: 'appended',
    });
    await blocker.query('ROLLBACK');
    // The abandoned batch commits once the lock is gone.
    for (let tries = 0; (await store.findCommand(talksId, request.command!.commandId)) === undefined; tries += 1) {
      if (tries > 100) throw new Error('the late commit never landed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expect(log.append(request)).resolves.toMatchObject({ kind: 'duplicate' });
    expect(await eventsOf(request.command!.commandId)).toBe(1);
  });

  it('when the stuck commit is cancelled instead, the retry applies the command once', async () => {
    const talksId = newTalksId();
    await log.append({ talksId, expectedSeq: 0, events: [newEvent('mediation', 'opening')] });
    const request = commandFor(talksId, 1);
    await holdHead(talksId);
    await unavailableWithin(request);
    // Held past statement_timeout: PostgreSQL cancels the stuck statement, the batch rolls back.
    await new Promise((resolve) => setTimeout(resolve, deadlines.queryMs + 500));
    await blocker.query('ROLLBACK');
    expect(await store.findCommand(talksId, request.command!.commandId)).toBeUndefined();
    await expect(log.append(request)).resolves.toMatchObject({ kind: 'appended' });
    expect(await eventsOf(request.command!.commandId)).toBe(1);
  });
});
