import pg from 'pg';
import type { AppendOutcome, AppendRequest } from '../../log/event-log.js';
import { DomainError } from '../../talks/domain-error.js';
import { storeFaultReason } from '../store-fault.js';
import { unavailable } from '../store-guard.js';
import { appendWithin } from './append.js';
import { appendBatch, type BatchResult } from './batch-append.js';

interface PendingAppend {
  request: AppendRequest;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: Error) => void;
}

// Unique violation (two writers, one seq), serialization failure, deadlock: all a lost race.
const RACE_CODES = new Set(['23505', '40001', '40P01']);

/**
 * Group commit on PostgreSQL: one batch at a time, each in ONE transaction on
 * one pooled connection, so the appends that arrived while the previous batch
 * was committing share one commit (one WAL flush with synchronous_commit=on).
 * A batch runs the fast path (batch-append.ts: a handful of statements for
 * the whole batch); if that meets anything unexpected, the transaction is
 * rolled back and redone append by append, each in a SAVEPOINT, so that one
 * CONFLICT never sinks the others. Each promise settles after the COMMIT.
 *
 * [FLT2] A batch has a deadline (connect, statements and COMMIT together). At
 * the deadline its appends answer UNAVAILABLE and the next batch starts on
 * another connection, so one batch stuck behind a lock or a dead connection
 * holds up the others for one deadline at most; the stuck one is destroyed when
 * its query times out. If it committed all the same, the retried commandId finds
 * the command record written in the same transaction: applied once, not twice.
 */
export class PostgresGroupCommit {
  #queue: PendingAppend[] = [];
  #running = false;
  #closed = false;
  #idle: (() => void)[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly maxBatch: number,
    private readonly commitMs: number = Number.POSITIVE_INFINITY,
  ) {}

  append(request: AppendRequest): Promise<AppendOutcome> {
    if (this.#closed) return Promise.reject(new Error('the event log is closed'));
    return new Promise<AppendOutcome>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
      if (this.#running) return;
      this.#running = true;
      // One turn of the event loop lets the appends made alongside this one join its batch.
      setImmediate(() => void this.#drain());
    });
  }

  /** Refuses further appends and resolves once every append made so far has settled. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#running) await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxBatch);
      const results = await this.#commitWithin(batch.map(({ request }) => request));
      batch.forEach((pending, index) => settle(pending, results[index]!));
    }
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #commitWithin(requests: AppendRequest[]): Promise<BatchResult[]> {
    const commit = this.#commit(requests);
    if (!Number.isFinite(this.commitMs)) return commit;
    return new Promise<BatchResult[]>((resolve) => {
      const late = unavailable(`the commit did not finish within ${this.commitMs} ms`);
      const timer = setTimeout(() => resolve(requests.map(() => ({ ok: false, error: late }))), this.commitMs);
      void commit.then((results) => {
        clearTimeout(timer);
        resolve(results);
      });
    });
  }

  // Never throws: a failure of the batch as a whole becomes every append's answer.
  async #commit(requests: AppendRequest[]): Promise<BatchResult[]> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const results = await inTransaction(client, requests);
      client.release();
      return results;
    } catch (error) {
      // A broken connection is destroyed (PostgreSQL rolls back what it held); a healthy one rolls back.
      if (client && storeFaultReason(error) !== undefined) client.release(error instanceof Error ? error : true);
      else if (client) await rollback(client);
      const failure = asConflict(error);
      return requests.map(() => ({ ok: false, error: failure }));
    }
  }
}

const inTransaction = async (client: pg.PoolClient, requests: AppendRequest[]): Promise<BatchResult[]> => {
  await client.query('BEGIN');
  let results: BatchResult[];
  try {
    results = await appendBatch(client, requests);
  } catch (error) {
    // A dead connection or a statement past its deadline is no race: redoing the
    // batch would only wait again (and commit after its callers heard UNAVAILABLE).
    if (storeFaultReason(error) !== undefined) throw error;
    // Whatever else the fast path met (a talks created by another node, a command
    // recorded by another node meanwhile), the careful path decides it.
    await client.query('ROLLBACK');
    await client.query('BEGIN');
    results = await appendEach(client, requests);
  }
  await client.query('COMMIT');
  return results;
};

const appendEach = async (client: pg.ClientBase, requests: AppendRequest[]): Promise<BatchResult[]> => {
  const results: BatchResult[] = [];
  for (const request of requests) {
    await client.query('SAVEPOINT append');
    try {
      results.push({ ok: true, outcome: await appendWithin(client, request) });
      await client.query('RELEASE SAVEPOINT append');
    } catch (error) {
      // If even this fails, the connection is broken: the batch fails as a whole.
      await client.query('ROLLBACK TO SAVEPOINT append');
      await client.query('RELEASE SAVEPOINT append');
      results.push({ ok: false, error: asConflict(error) });
    }
  }
  return results;
};

const settle = (pending: PendingAppend, result: BatchResult): void => {
  if (result.ok) pending.resolve(result.outcome);
  else pending.reject(result.error);
};

// A connection whose ROLLBACK fails is broken: destroy it instead of returning it to the pool.
const rollback = async (client: pg.PoolClient): Promise<void> => {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(error instanceof Error ? error : true);
  }
};

const asConflict = (error: unknown): Error => {
  if (error instanceof pg.DatabaseError && error.code !== undefined && RACE_CODES.has(error.code)) {
    return new DomainError('CONFLICT', "the talks' log moved on");
  }
  return error instanceof Error ? error : new Error(String(error));
};
