import Database from 'better-sqlite3';
import type { AppendOutcome, AppendRequest } from '../../log/event-log.js';
import { LogConflict } from '../log-conflict.js';
import { appendWithin } from './append.js';
import { prepareWriteStatements } from './statements.js';
import { toWireError, type AppendSettlement, type QueuedAppend } from './writer-protocol.js';

/**
 * Commits a batch of appends as ONE transaction, so they share one fsync.
 * Each append runs in its own savepoint: a CONFLICT or a duplicate commandId
 * rolls back that append only, and the appends after it see the ones before
 * (two appends to one talks in one batch behave as if they came one by one).
 * The returned settlements hold only once this function has returned: the
 * COMMIT, and with synchronous=FULL its fsync, is done. If the transaction as
 * a whole fails (lock timeout, disk error), every append of the batch fails.
 */
export const groupCommitter = (db: Database.Database): ((batch: QueuedAppend[]) => AppendSettlement[]) => {
  const statements = prepareWriteStatements(db);
  // Inside an open transaction, better-sqlite3 runs a nested transaction as a SAVEPOINT.
  const appendOne = db.transaction((request: AppendRequest) => appendWithin(statements, request));
  const settleOne = ({ id, request }: QueuedAppend): AppendSettlement => {
    try {
      return settled(id, appendOne(request));
    } catch (error) {
      // Some errors (I/O, a full disk) make SQLite roll back the whole transaction:
      // the appends after this one must not run outside it, so fail the batch.
      if (!db.inTransaction) throw error;
      return { id, kind: 'failed', error: toWireError(asConflict(error)) };
    }
  };
  const commitBatch = db.transaction((batch: QueuedAppend[]) => batch.map(settleOne));
  return (batch) => {
    try {
      // IMMEDIATE takes the write lock up front, so other processes never read the same head.
      return commitBatch.immediate(batch);
    } catch (error) {
      const wire = toWireError(error);
      return batch.map(({ id }) => ({ id, kind: 'failed', error: wire }));
    }
  };
};

const settled = (id: number, outcome: AppendOutcome): AppendSettlement =>
  outcome.kind === 'duplicate'
    ? { id, kind: 'duplicate', record: outcome.record }
    : {
        id,
        kind: 'appended',
        links: outcome.events.map(({ seq, aseq, prevHash, hash }) => ({ seq, aseq, prevHash, hash })),
      };

// Both writers passed the head check only if the lock failed us: report it as the race it is.
const asConflict = (error: unknown): unknown =>
  error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT_')
    ? new LogConflict("the talks' log moved on")
    : error;
