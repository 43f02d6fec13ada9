import Database from 'better-sqlite3';
import type { AppendOutcome, AppendRequest } from '../../log/event-log.js';
import { LogConflict } from '../log-conflict.js';
import { appendFast, appendWithin, PartialAppend } from './append.js';
import { HeadCache } from './head-cache.js';
import { prepareWriteStatements } from './statements.js';
import { SettlementsBuilder, toWireError, type QueuedAppend, type Settlements } from './writer-protocol.js';

/**
 * Commits a batch of appends as ONE transaction, so they share one fsync.
 * A CONFLICT or a duplicate commandId leaves that append out and the others
 * in, and the appends after it see the ones before (two appends to one talks
 * in one batch behave as if they came one by one). An append is refused before
 * its first write (appendFast), so it needs no savepoint of its own; should
 * one fail after its first write all the same (PartialAppend: another process
 * moved a head the writer remembered, or SQLite raised an error mid-append), the transaction
 * rolls back and the batch runs again with a savepoint per append, as it did
 * before heads were remembered. The returned settlements hold only once this
 * function has returned: the COMMIT, and with synchronous=FULL its fsync, is
 * done. If the transaction as a whole fails (lock timeout, disk error), every
 * append of the batch fails.
 */
export const groupCommitter = (
  db: Database.Database,
  heads = new HeadCache(),
): ((batch: QueuedAppend[]) => Settlements) => {
  const statements = prepareWriteStatements(db);
  const committer = (append: (request: AppendRequest) => AppendOutcome) =>
    db.transaction((batch: QueuedAppend[]): Settlements => {
      const reply = new SettlementsBuilder();
      for (const { id, request } of batch) {
        let outcome: AppendOutcome;
        try {
          outcome = append(request);
        } catch (error) {
          // Some errors (I/O, a full disk) make SQLite roll back the whole transaction:
          // the appends after this one must not run outside it, so fail the batch.
          if (error instanceof PartialAppend || !db.inTransaction) throw error;
          reply.other({ id, kind: 'failed', error: toWireError(asConflict(error)) });
          continue;
        }
        if (outcome.kind === 'appended') reply.appended(id, outcome.events);
        else reply.other({ id, kind: 'duplicate', record: outcome.record });
      }
      return reply.build();
    });
  const commitFast = committer((request) => appendFast(statements, heads, request));
  // Inside an open transaction, better-sqlite3 runs a nested transaction as a SAVEPOINT.
  const commitSafely = committer(
    db.transaction((request: AppendRequest) => appendWithin(statements, request)),
  );
  return (batch) => {
    try {
      try {
        // IMMEDIATE takes the write lock up front, so other processes never read the same head.
        const settlements = commitFast.immediate(batch);
        heads.committed();
        return settlements;
      } catch (error) {
        heads.rolledBack();
        if (!(error instanceof PartialAppend)) throw error;
      }
      return commitSafely.immediate(batch);
    } catch (error) {
      const reply = new SettlementsBuilder();
      const wire = toWireError(error);
      for (const { id } of batch) reply.other({ id, kind: 'failed', error: wire });
      return reply.build();
    }
  };
};

// Both writers passed the head check only if the lock failed us: report it as the race it is.
const asConflict = (error: unknown): unknown =>
  error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CONSTRAINT_')
    ? new LogConflict("the talks' log moved on")
    : error;
