// The writer thread of a process's SQLite logs: the only place the process
// writes them. Each open log has its own connection here, so the fsync of each
// commit blocks this thread and never the main thread's event loop. Everything
// that arrives while a commit is in flight waits in the message port and, once
// the commit is done, joins the next batch of its log.
import { parentPort, type Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { startWorker } from '../worker-thread.js';
import { groupCommitter } from './group-commit.js';
import { applyPragmas, readSynchronous, tuneWriter } from './pragmas.js';
import {
  packSettlements,
  toWireError,
  type FromCheckpointer,
  type FromWriter,
  type QueuedAppend,
  type ToCheckpointer,
  type ToWriter,
  type WireError,
  type WriterSettings,
} from './writer-protocol.js';

interface OpenLog {
  db: Database.Database;
  commit: ReturnType<typeof groupCommitter>;
  maxBatch: number;
  queue: QueuedAppend[];
}

const port = parentPort;
if (!port) throw new Error('writer-worker runs as a worker thread only');

const logs = new Map<number, OpenLog>();
// Why a log could not open: its appends fail with that reason.
const unopened = new Map<number, WireError>();
let scheduled = false;

const send = (message: FromWriter): void => port.postMessage(message);

// WAL checkpoints run on a thread of their own (see checkpoint-worker.ts), started with
// the first log. A log reports itself closed only once the checkpointer let go of it
// too; should that thread die, the writer's autocheckpoint copies the WAL as SQLite does
// by default, and no close waits for it.
let checkpointer: Worker | undefined;
let checkpointerDead = false;
const closing = new Set<number>();

const reportClosed = (log: number): void => {
  closing.delete(log);
  send({ kind: 'closed', log });
};

const startCheckpointer = (): Worker => {
  const worker = startWorker('checkpoint-worker', import.meta.url, undefined);
  worker.on('message', (reply: FromCheckpointer) => reportClosed(reply.log));
  worker.on('error', () => {
    // Reported through 'exit'.
  });
  worker.on('exit', () => {
    checkpointerDead = true;
    for (const log of [...closing]) reportClosed(log);
  });
  worker.unref();
  return worker;
};

const tellCheckpointer = (message: ToCheckpointer): void => {
  if (checkpointerDead) {
    if (message.kind === 'close') reportClosed(message.log);
    return;
  }
  if (message.kind === 'close') closing.add(message.log);
  (checkpointer ??= startCheckpointer()).postMessage(message);
};

const open = (log: number, settings: WriterSettings): void => {
  let db: Database.Database | undefined;
  try {
    db = new Database(settings.file);
    applyPragmas(db, settings.synchronous);
    tuneWriter(db);
    logs.set(log, { db, commit: groupCommitter(db), maxBatch: settings.maxBatch, queue: [] });
    unopened.delete(log);
    tellCheckpointer({ kind: 'open', log, file: settings.file, synchronous: settings.synchronous });
    send({ kind: 'opened', log, synchronous: readSynchronous(db) });
  } catch (error) {
    db?.close();
    const wire = toWireError(error);
    unopened.set(log, wire);
    send({ kind: 'open-failed', log, error: wire });
  }
};

const commitNext = (log: number, target: OpenLog): void => {
  const batch = target.queue.splice(0, target.maxBatch);
  if (batch.length > 0) send({ kind: 'settled', log, settlements: target.commit(batch) });
};

// One batch per log per turn; then the port hands over what arrived meanwhile.
const flush = (): void => {
  scheduled = false;
  for (const [log, target] of logs) commitNext(log, target);
  schedule();
};

const schedule = (): void => {
  if (scheduled || ![...logs.values()].some((target) => target.queue.length > 0)) return;
  scheduled = true;
  setImmediate(flush);
};

const enqueue = (log: number, appends: QueuedAppend[]): void => {
  const target = logs.get(log);
  if (!target) {
    const error = unopened.get(log) ?? { kind: 'error', message: 'the log is not open', sqliteCode: undefined };
    const settlements = packSettlements(appends.map(({ id }) => ({ id, kind: 'failed', error })));
    send({ kind: 'settled', log, settlements });
    return;
  }
  for (const append of appends) target.queue.push(append);
  schedule();
};

// An autocommitted upsert: with synchronous=FULL, written to the WAL and fsynced as a batch's commit is.
const probe = (log: number, id: number): void => {
  const target = logs.get(log);
  if (!target) {
    const error = unopened.get(log) ?? { kind: 'error', message: 'the log is not open', sqliteCode: undefined };
    send({ kind: 'probed', log, id, error });
    return;
  }
  try {
    target.db
      .prepare('INSERT INTO parley_heartbeat (node, beat_at) VALUES (1, ?) ON CONFLICT (node) DO UPDATE SET beat_at = excluded.beat_at')
      .run(new Date().toISOString());
    send({ kind: 'probed', log, id, error: undefined });
  } catch (error) {
    send({ kind: 'probed', log, id, error: toWireError(error) });
  }
};

const close = (log: number): void => {
  const target = logs.get(log);
  if (target) {
    // The main thread drains before closing; commit anything left all the same.
    while (target.queue.length > 0) commitNext(log, target);
    // Copy the WAL into the database here, so that the main thread's connection, closing
    // last, has little left to copy. PASSIVE never waits for a reader elsewhere.
    target.db.pragma('wal_checkpoint(PASSIVE)');
    target.db.close();
    logs.delete(log);
    unopened.delete(log);
    tellCheckpointer({ kind: 'close', log });
    return;
  }
  unopened.delete(log);
  send({ kind: 'closed', log });
};

port.on('message', (message: ToWriter) => {
  switch (message.kind) {
    case 'open':
      return open(message.log, message.settings);
    case 'append':
      return enqueue(message.log, message.appends);
    case 'probe':
      return probe(message.log, message.id);
    case 'close':
      return close(message.log);
  }
});
