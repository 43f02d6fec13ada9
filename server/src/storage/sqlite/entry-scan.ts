// The audit's read of a talks' whole log (EventLog.scanEntries), on a read-only
// connection of its own, opened for one scan and closed after it.
//
// Reading the rows, not hashing them, was most of verifyTalksChain's time: each
// row is about a kilobyte, so a 200,000-event talks is some 100,000 pages of the
// file, and through the main connection each page is copied out of the OS page
// cache by a read() call. This connection maps the file instead (mmap_size), so
// SQLite reads the pages where they lie: half the CPU, system time mostly gone.
// It is not set on the main read connection, whose every page read would then
// count in the server's resident memory; closing this one unmaps the file. (A
// mapped file can raise SIGBUS on a disk error or if it shrinks; Parley's file
// only grows: no VACUUM, no auto_vacuum.) Rows come as raw tuples (no object per
// row) in pages small enough to die young. The scan is one read transaction:
// while it runs, checkpoints copy no further than its snapshot (appends go on).
import Database from 'better-sqlite3';
import type { ChainHead, EntryRow } from '../../log/event-log.js';
import { GENESIS_HASH } from '../../log/hash-chain.js';

/** Rows per page: ~1 MB of strings, which the young generation collects cheaply (5,000 rows ran a third slower). */
export const SCAN_PAGE = 1_000;

/** As much of the file as SQLite will map (it caps this at its build's limit, 2 GB); the rest is read as usual. */
const SCAN_MMAP_BYTES = 2 ** 31;

/**
 * Hands every row of `talksId` to `visit`, page by page in seq order, until the
 * rows run out or `visit` returns false; returns the head recorded in the same
 * read transaction, so rows and head are one snapshot even while appends go on.
 */
export const scanEntries = (
  file: string,
  talksId: string,
  visit: (rows: readonly EntryRow[]) => boolean,
): ChainHead => {
  // Read-only: the only writes to a log are the writer thread's. The main connection keeps the WAL's -shm in place.
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`mmap_size = ${SCAN_MMAP_BYTES}`);
    const page = db
      .prepare<[string, number, number], EntryRow>(
        'SELECT seq, audience, aseq, body, prev_hash, hash FROM events WHERE talks_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .raw(true);
    const head = db.prepare<[string], ChainHead>('SELECT seq, hash FROM talks_heads WHERE talks_id = ?');
    db.exec('BEGIN');
    try {
      for (let afterSeq = 0; ;) {
        const rows = page.all(talksId, afterSeq, SCAN_PAGE);
        const last = rows[rows.length - 1];
        if (!last || !visit(rows) || rows.length < SCAN_PAGE) break;
        afterSeq = last[0];
      }
      return head.get(talksId) ?? { seq: 0, hash: GENESIS_HASH };
    } finally {
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
};
