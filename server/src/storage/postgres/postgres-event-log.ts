import { hostname } from 'node:os';
import type pg from 'pg';
import type { TalksId } from '../../../../shared/src/index.js';
import type {
  AppendOutcome,
  AppendRequest,
  AudienceCursor,
  ChainHead,
  CommandRecord,
  EventLog,
  RawEntry,
  StoredEvent,
} from '../../log/event-log.js';
import { GENESIS_HASH } from '../../log/hash-chain.js';
import {
  toCommandRecord,
  toRawEntry,
  toStoredEvent,
  toTalksId,
  type CommandRow,
  type EventRow,
} from '../rows.js';
import { readHead } from './append.js';
import { PostgresGroupCommit } from './group-commit.js';
import { migratePostgres, quoteIdentifier } from './migrate.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { createParleyPool } from './pool.js';
import type { StoreDeadlines } from '../store-deadlines.js';

export interface PostgresEventLogOptions {
  /** A `postgres://` or `postgresql://` URL. */
  connectionString: string;
  /** The schema holding Parley's tables (created if missing); `public` by default. */
  schema?: string;
  /** Pool size. */
  maxConnections?: number;
  /** Errors of idle pooled connections (the pool drops them and reconnects). */
  onIdleError?: (error: Error) => void;
  /** The most appends one group commit holds (default 1,000). */
  maxBatch?: number;
  /** Limits on connecting, each query and each commit (config.ts defaults). */
  deadlines?: StoreDeadlines | undefined;
}

const EVENT_COLUMNS = 'seq, audience, aseq, body, prev_hash, hash';

const DEFAULT_MAX_BATCH = 1_000;

/** Created with the schema (migrate.ts), outside the numbered migrations: it holds no data of the talks. */
export const HEARTBEAT_TABLE = 'parley_heartbeat';

/**
 * The production store: PostgreSQL, shared by several Parley nodes. Appends
 * are group-committed (group-commit.ts); reads use the rest of the pool.
 */
export class PostgresEventLog implements EventLog {
  private readonly groupCommit: PostgresGroupCommit;

  // Who writes the heartbeat row: one row per host, overwritten on every probe.
  readonly #node = hostname().slice(0, 200);

  private constructor(
    private readonly pool: pg.Pool,
    maxBatch: number,
    commitMs: number | undefined,
  ) {
    this.groupCommit = new PostgresGroupCommit(pool, maxBatch, commitMs);
  }

  /** Connects, migrates the schema under an advisory lock, and checks every session commits durably. */
  static async open(options: PostgresEventLogOptions): Promise<PostgresEventLog> {
    const schema = options.schema ?? 'public';
    // Startup parameters, so every pooled session has them before its first query.
    const startup = `-c search_path=${quoteIdentifier(schema)} -c synchronous_commit=on`;
    const onError = options.onIdleError ?? (() => undefined);
    const pool = createParleyPool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      options: startup,
      deadlines: options.deadlines,
      onError,
      applicationName: 'parley-store',
    });
    // Migrations may wait for another node's lock and run long statements: a pool of their own, without query limits.
    const migrations = createParleyPool({
      connectionString: options.connectionString,
      max: 1,
      deadlines: {
        connectMs: options.deadlines?.connectMs ?? 3_000,
        queryMs: 0,
        commitMs: 0,
      },
      onError,
      applicationName: 'parley-migrate',
    });
    try {
      await migratePostgres(migrations, schema, POSTGRES_MIGRATIONS);
      await assertSession(pool, schema);
      return new PostgresEventLog(pool, options.maxBatch ?? DEFAULT_MAX_BATCH, options.deadlines?.commitMs);
    } catch (error) {
      await pool.end();
      throw error;
    } finally {
      await migrations.end();
    }
  }

  append(request: AppendRequest): Promise<AppendOutcome> {
    return this.groupCommit.append(request);
  }

  async read(talksId: TalksId, afterSeq: number, limit?: number): Promise<StoredEvent[]> {
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE talks_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [talksId, afterSeq, limit ?? null],
    );
    return result.rows.map(toStoredEvent);
  }

  async readAudiences(talksId: TalksId, cursors: AudienceCursor[], limit: number): Promise<StoredEvent[]> {
    if (limit <= 0 || cursors.length === 0) return [];
    // Each audience walks its own index range; the first `limit` of each hold the first `limit` of the merge.
    const result = await this.pool.query<EventRow>(
      `SELECT page.* FROM unnest($2::text[], $3::bigint[]) AS cursor (audience, after_aseq)
       CROSS JOIN LATERAL (
         SELECT ${EVENT_COLUMNS} FROM events e
         WHERE e.talks_id = $1 AND e.audience = cursor.audience AND e.aseq > cursor.after_aseq
         ORDER BY e.aseq LIMIT $4
       ) AS page
       ORDER BY page.seq LIMIT $4`,
      [talksId, cursors.map((cursor) => cursor.audience), cursors.map((cursor) => cursor.afterAseq), limit],
    );
    return result.rows.map(toStoredEvent);
  }

  async findCommand(talksId: TalksId, commandId: string): Promise<CommandRecord | undefined> {
    const result = await this.pool.query<CommandRow>(
      'SELECT command_id, fingerprint, result FROM commands WHERE talks_id = $1 AND command_id = $2',
      [talksId, commandId],
    );
    const row = result.rows[0];
    return row && toCommandRecord(row);
  }

  async head(talksId: TalksId): Promise<ChainHead> {
    // pool.query destroys a client whose query failed, instead of handing it to the next caller.
    return (await readHead(this.pool, talksId)) ?? { seq: 0, hash: GENESIS_HASH };
  }

  /** [FLT3] One autocommitted upsert: WAL written and flushed (synchronous_commit=on), as an append's commit is. */
  async probeCommit(): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${HEARTBEAT_TABLE} (node, beat_at) VALUES ($1, clock_timestamp())
       ON CONFLICT (node) DO UPDATE SET beat_at = excluded.beat_at`,
      [this.#node],
    );
  }

  async readEntries(talksId: TalksId, afterSeq: number, limit: number): Promise<RawEntry[]> {
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE talks_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [talksId, afterSeq, limit],
    );
    return result.rows.map(toRawEntry);
  }

  async listTalks(): Promise<TalksId[]> {
    const result = await this.pool.query<{ talks_id: string }>(
      'SELECT talks_id FROM talks_heads WHERE seq > 0 ORDER BY created_at, talks_id',
    );
    return result.rows.map(toTalksId);
  }

  async indexInvite(codeHash: string, talksId: TalksId): Promise<void> {
    await this.pool.query(
      'INSERT INTO invite_codes (code_hash, talks_id) VALUES ($1, $2) ON CONFLICT (code_hash) DO NOTHING',
      [codeHash, talksId],
    );
  }

  async findInviteTalks(codeHash: string): Promise<TalksId | undefined> {
    const result = await this.pool.query<{ talks_id: string }>(
      'SELECT talks_id FROM invite_codes WHERE code_hash = $1',
      [codeHash],
    );
    const row = result.rows[0];
    return row && toTalksId(row);
  }

  /** Lets every append already made commit, then closes the pool. */
  async close(): Promise<void> {
    await this.groupCommit.close();
    if (!this.pool.ended) await this.pool.end();
  }
}

// A URL carrying its own `options` overrides ours: refuse rather than run non-durable or in the wrong schema.
const assertSession = async (pool: pg.Pool, schema: string): Promise<void> => {
  const result = await pool.query<{ synchronous_commit: string; schema: string | null }>(
    "SELECT current_setting('synchronous_commit') AS synchronous_commit, current_schema() AS schema",
  );
  const session = result.rows[0];
  if (session?.synchronous_commit !== 'on') {
    throw new Error(
      `PostgreSQL synchronous_commit is ${session?.synchronous_commit ?? 'unknown'}, expected on: refusing to open the log`,
    );
  }
  if (session.schema !== schema) {
    throw new Error(`PostgreSQL session schema is ${session.schema ?? 'none'}, expected ${schema}`);
  }
};
