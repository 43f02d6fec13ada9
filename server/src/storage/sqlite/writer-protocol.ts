// The messages between the SQLite logs of a process (main thread) and their
// writer thread, and how errors cross between them: structured clone keeps
// neither an error's class nor its code, so both travel as plain data.
import Database from 'better-sqlite3';
import type { AppendRequest, CommandRecord } from '../../log/event-log.js';
import type { ChainLink } from '../../log/hash-chain.js';
import { LogConflict } from '../log-conflict.js';
import type { SqliteSynchronous } from './pragmas.js';

/** How the writer thread opens one log's connection. */
export interface WriterSettings {
  file: string;
  synchronous: SqliteSynchronous;
  /** The most appends one transaction holds; the rest wait for the next commit. */
  maxBatch: number;
}

export interface QueuedAppend {
  id: number;
  request: AppendRequest;
}

/** `log` names one open log (one connection in the thread); ids are the main thread's. */
export type ToWriter =
  | { kind: 'open'; log: number; settings: WriterSettings }
  | { kind: 'append'; log: number; appends: QueuedAppend[] }
  | { kind: 'close'; log: number };

/** One append's answer, sent only once the transaction holding it has committed. */
export type AppendSettlement =
  | { id: number; kind: 'appended'; links: ChainLink[] }
  | { id: number; kind: 'duplicate'; record: CommandRecord }
  | { id: number; kind: 'failed'; error: WireError };

export type FromWriter =
  | { kind: 'opened'; log: number; synchronous: string }
  | { kind: 'open-failed'; log: number; error: WireError }
  | { kind: 'settled'; log: number; settlements: AppendSettlement[] }
  | { kind: 'closed'; log: number };

/** Between the writer thread and its checkpointer (checkpoint-worker.ts). */
export type ToCheckpointer =
  | { kind: 'open'; log: number; file: string; synchronous: SqliteSynchronous }
  | { kind: 'close'; log: number };

export type FromCheckpointer = { kind: 'closed'; log: number };

export type WireError =
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; message: string; sqliteCode: string | undefined };

export const toWireError = (error: unknown): WireError => {
  if (error instanceof LogConflict) return { kind: 'conflict', message: error.message };
  const sqliteCode = error instanceof Database.SqliteError ? error.code : undefined;
  return { kind: 'error', message: error instanceof Error ? error.message : String(error), sqliteCode };
};

/** Rebuilds the error the writer threw: a LogConflict, a SqliteError, or a plain Error. */
export const fromWireError = (wire: WireError): Error => {
  if (wire.kind === 'conflict') return new LogConflict(wire.message);
  return wire.sqliteCode === undefined
    ? new Error(wire.message)
    : new Database.SqliteError(wire.message, wire.sqliteCode);
};
