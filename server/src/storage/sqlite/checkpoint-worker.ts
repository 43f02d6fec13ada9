// The checkpointer of the SQLite writer thread. It copies each open log's WAL into the
// database file from a connection of its own, on a short timer. Left to SQLite's
// autocheckpoint, that copy (tens of milliseconds for a 40 MB WAL, ending with an fsync
// of the database file) ran inside a commit on the writer thread, and every append queued
// behind that commit waited for it: the tail of Parley's proposal latency. A PASSIVE
// checkpoint from another connection runs beside the writer without blocking it, and
// the writer restarts the WAL from its beginning once everything in it has been copied.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { applyPragmas } from './pragmas.js';
import type { FromCheckpointer, ToCheckpointer } from './writer-protocol.js';

const port = parentPort;
if (!port) throw new Error('checkpoint-worker runs as a worker thread only');

/** Short enough that each checkpoint copies a few megabytes at most. */
const CHECKPOINT_EVERY_MS = 250;

const connections = new Map<number, Database.Database>();

const checkpointAll = (): void => {
  for (const db of connections.values()) {
    try {
      // PASSIVE never waits: a frame a reader still needs is left for the next turn.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A failed checkpoint loses nothing (the WAL keeps every frame); the writer's own
      // autocheckpoint remains the safety net, and the next turn tries again.
    }
  }
};

const timer = setInterval(checkpointAll, CHECKPOINT_EVERY_MS);
timer.unref();

const send = (message: FromCheckpointer): void => port.postMessage(message);

port.on('message', (message: ToCheckpointer) => {
  if (message.kind === 'open') {
    try {
      const db = new Database(message.file, { fileMustExist: true });
      // The same synchronous level as the writer: a FULL checkpoint fsyncs what it copied.
      applyPragmas(db, message.synchronous);
      connections.set(message.log, db);
    } catch {
      // Without a checkpointer the writer's autocheckpoint copies the WAL, as before.
    }
    return;
  }
  connections.get(message.log)?.close();
  connections.delete(message.log);
  send({ kind: 'closed', log: message.log });
});
