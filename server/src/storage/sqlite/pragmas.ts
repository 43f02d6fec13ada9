import type { Database } from 'better-sqlite3';

/**
 * FULL fsyncs the WAL at every commit, so an acknowledged append survives a
 * power cut. NORMAL (better-sqlite3's WAL default) may lose the last commits:
 * it exists only for benchmarks that ask for it by name.
 */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

/**
 * Small pages for new stores: a batch of appends to many talks rewrites a few
 * index pages per talks, and the WAL (hence each commit's write and fsync)
 * holds every rewritten page whole. 2 KiB pages write about a third fewer
 * bytes per append than SQLite's default 4 KiB, for no more CPU.
 */
const PAGE_SIZE = 2_048;

/** How long a writer waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5_000;

/** Sets the connection's pragmas and reads each one back: a setting SQLite ignored must not go unnoticed. */
export const applyPragmas = (db: Database, synchronous: SqliteSynchronous): void => {
  // Takes effect only on a new, empty file (an existing store keeps its page size).
  db.pragma(`page_size = ${PAGE_SIZE}`);
  const journal = db.pragma('journal_mode = WAL', { simple: true });
  if (journal !== 'wal') {
    throw new Error(
      `SQLite refused WAL journaling (journal_mode is ${String(journal)}): refusing to open the log`,
    );
  }
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  assertSynchronous(db, synchronous);
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    throw new Error('SQLite foreign keys could not be enabled: refusing to open the log');
  }
};

/**
 * The writer connection's working room. A batch of appends to many talks
 * dirties a few pages per talks (the end of its range in each index): a larger
 * page cache keeps them from spilling to the WAL mid-transaction. Checkpoints
 * normally come from the checkpointer thread (checkpoint-worker.ts), every
 * quarter second and off the commit path; the autocheckpoint here is the
 * safety net should that thread fall behind or die. Under sustained load it is
 * more than that: the WAL starts over only once every frame in it is copied,
 * and while the writer commits non-stop the checkpointer never catches up, so
 * it is the writer's autocheckpoint that copies the checkpointer's lag (about a
 * quarter second of commits) and lets the WAL start over, inside a commit. The
 * higher the threshold, the rarer that stall: at 40 MB the writer spent about
 * a tenth of its time there in the store probe. The WAL file is truncated back
 * to its limit after each checkpoint, so it takes up to that much disk space.
 */
export const tuneWriter = (db: Database): void => {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
  db.pragma(`wal_autocheckpoint = ${Math.round(WAL_CHECKPOINT_BYTES / pageSize)}`);
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
};

const WRITER_CACHE_KIB = 32 * 1024;
const WAL_CHECKPOINT_BYTES = 160 * 1024 * 1024;
const WAL_SIZE_LIMIT_BYTES = 192 * 1024 * 1024;

/** The connection's synchronous level, by name. */
export const readSynchronous = (db: Database): string => {
  const level = db.pragma('synchronous', { simple: true });
  return typeof level === 'number' ? (SYNCHRONOUS_NAMES[level] ?? String(level)) : String(level);
};

/** Throws unless the connection really runs at the `expected` level. */
export const assertSynchronous = (db: Database, expected: SqliteSynchronous): void => {
  const actual = readSynchronous(db);
  if (actual !== expected) {
    throw new Error(
      `SQLite synchronous is ${actual}, expected ${expected}: refusing to open the log, ` +
        'because an acknowledged append could be lost on power failure',
    );
  }
};
