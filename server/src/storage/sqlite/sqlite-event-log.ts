import { statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Audience, TalksId } from '../../../../shared/src/index.js';
import type {
  AppendOutcome,
  AppendRequest,
  AudienceCursor,
  ChainHead,
  CommandRecord,
  EntryRow,
  EventLog,
  RawEntry,
  StoredEvent,
} from '../../log/event-log.js';
import { GENESIS_HASH } from '../../log/hash-chain.js';
import { toCommandRecord, toStoredEvent, toTalksId, type EventRow } from '../rows.js';
import { scanEntries } from './entry-scan.js';
import { tightenDataDir } from './file-modes.js';
import { migrateSqlite } from './migrate.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { applyPragmas, type SqliteSynchronous } from './pragmas.js';
import { SqliteWriter } from './sqlite-writer.js';
import { writerThread } from './writer-thread.js';
import { prepareReadStatements, type SqliteReadStatements } from './statements.js';

export interface SqliteEventLogOptions {
  /** The folder holding `parley.db`; created if missing. */
  dataDir: string;
  /** FULL unless a benchmark asks for NORMAL by name (see pragmas.ts). */
  synchronous?: SqliteSynchronous;
  /** The most appends one group commit holds (default 1,000). */
  maxBatch?: number;
}

export const SQLITE_FILE_NAME = 'parley.db';
/** The database and the files SQLite keeps beside it. */
const DATA_FILE_NAMES = [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`, `${SQLITE_FILE_NAME}-shm`];

// SQLite's LIMIT -1 means "no limit".
const NO_LIMIT = -1;

const DEFAULT_MAX_BATCH = 1_000;

// Below this, /health reports the disk full: a batch of appends and a checkpoint need room.
const MIN_FREE_BYTES = 1024 * 1024;

/**
 * The embedded default store: one SQLite file in WAL mode, every commit fsynced.
 * Appends are group-committed by a writer thread with its own connection
 * (sqlite-writer.ts); reads run here on a second connection, concurrently with
 * the writer's commits (WAL lets readers and the writer proceed together).
 */
export class SqliteEventLog implements EventLog {
  private readonly statements: SqliteReadStatements;
  /** [ID10] Paths whose modes were looser than 0700/0600 at open and were tightened (main.ts logs them). */
  tightened: string[] = [];

  private constructor(
    private readonly db: Database.Database,
    private readonly writer: SqliteWriter,
    private readonly file: string,
  ) {
    this.statements = prepareReadStatements(db);
  }

  /** Opens (creating and migrating if needed) `<dataDir>/parley.db`; refuses a connection that is not durable. */
  static async open(options: SqliteEventLogOptions): Promise<SqliteEventLog> {
    const tightened = tightenDataDir(options.dataDir, DATA_FILE_NAMES);
    const file = join(options.dataDir, SQLITE_FILE_NAME);
    const synchronous = options.synchronous ?? 'FULL';
    const db = new Database(file);
    try {
      applyPragmas(db, synchronous);
      migrateSqlite(db, SQLITE_MIGRATIONS);
      // [FLT3] What /health writes to prove the store commits; no talks data, so not a numbered migration.
      db.exec('CREATE TABLE IF NOT EXISTS parley_heartbeat (node INTEGER PRIMARY KEY, beat_at TEXT NOT NULL)');
      const writer = await SqliteWriter.open({
        file,
        synchronous,
        maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
      });
      // The WAL and shared-memory files exist only now: made under the process umask.
      tightened.push(...tightenDataDir(options.dataDir, DATA_FILE_NAMES));
      const log = new SqliteEventLog(db, writer, file);
      log.tightened = tightened;
      return log;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The synchronous level the writer's connection really runs at (read back from SQLite). */
  synchronous(): string {
    return this.writer.synchronous;
  }

  append(request: AppendRequest): Promise<AppendOutcome> {
    return this.writer.append(request);
  }

  /**
   * [FLT3] Whether the store can commit now: the writer thread commits a
   * heartbeat row (so a read-only or failing disk shows), and the disk must
   * keep some room. A WAL reused from its start can take a small commit on a
   * disk with no free block left, while the next batch that grows it cannot.
   */
  async probeCommit(): Promise<void> {
    const disk = statfsSync(dirname(this.file));
    if (disk.bavail * disk.bsize < MIN_FREE_BYTES) {
      throw new Database.SqliteError('the disk holding the store is full', 'SQLITE_FULL');
    }
    await this.writer.probe();
  }

  /**
   * Kills the process's writer thread as a crash would: appends it held reject
   * with INTERNAL and the next append starts a new one (for tests).
   */
  crashWriter(): Promise<void> {
    return writerThread().terminate();
  }

  read(talksId: TalksId, afterSeq: number, limit?: number): Promise<StoredEvent[]> {
    return settle(() =>
      this.statements.readAfter.all(talksId, afterSeq, limit ?? NO_LIMIT).map(toStoredEvent),
    );
  }

  readAudiences(talksId: TalksId, cursors: AudienceCursor[], limit: number): Promise<StoredEvent[]> {
    return settle(() => {
      if (limit <= 0) return [];
      // Within one audience aseq order is seq order, so the first `limit` of
      // each audience hold the first `limit` of the merge.
      const rows: EventRow[] = cursors.flatMap(({ audience, afterAseq }) =>
        this.statements.readAudience.all(talksId, audience, afterAseq, limit),
      );
      return rows
        .map(toStoredEvent)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit);
    });
  }

  findCommand(talksId: TalksId, commandId: string): Promise<CommandRecord | undefined> {
    return settle(() => {
      const row = this.statements.findCommand.get(talksId, commandId);
      return row && toCommandRecord(row);
    });
  }

  head(talksId: TalksId): Promise<ChainHead> {
    return settle(() => this.statements.head.get(talksId) ?? { seq: 0, hash: GENESIS_HASH });
  }

  readEntries(talksId: TalksId, afterSeq: number, limit: number): Promise<RawEntry[]> {
    return settle(() =>
      this.statements.readEntries
        .all(talksId, afterSeq, limit)
        .map(([seq, audience, aseq, body, prevHash, hash]) => ({
          seq,
          audience: audience as Audience,
          aseq,
          body,
          prevHash,
          hash,
        })),
    );
  }

  /** The audit's fast path, on a connection of its own (see entry-scan.ts). */
  scanEntries(talksId: TalksId, visit: (rows: readonly EntryRow[]) => boolean): Promise<ChainHead> {
    return settle(() => scanEntries(this.file, talksId, visit));
  }

  listTalks(): Promise<TalksId[]> {
    return settle(() => this.statements.listTalks.all().map(toTalksId));
  }

  /**
   * A single small write on the read connection rather than through the writer
   * thread: it needs no place in any chain, and WAL plus the busy timeout
   * serialise it with the writer's commits.
   */
  indexInvite(codeHash: string, talksId: TalksId): Promise<void> {
    return settle(() => {
      this.db.prepare('INSERT INTO invite_codes (code_hash, talks_id) VALUES (?, ?) ON CONFLICT (code_hash) DO NOTHING').run(codeHash, talksId);
    });
  }

  findInviteTalks(codeHash: string): Promise<TalksId | undefined> {
    return settle(() => {
      const row = this.db.prepare('SELECT talks_id FROM invite_codes WHERE code_hash = ?').get(codeHash) as
        | { talks_id: string }
        | undefined;
      return row && toTalksId(row);
    });
  }

  /** Lets every append already made commit, then stops the writer and closes both connections. */
  async close(): Promise<void> {
    await this.writer.close();
    if (this.db.open) this.db.close();
  }
}

// better-sqlite3 is synchronous; the port is not. Errors become rejections, never throws.
const settle = <T>(work: () => T): Promise<T> => {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
};
