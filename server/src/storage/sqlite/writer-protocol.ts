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
  /** [FLT3] Write and commit the heartbeat row on the writer's connection (the path appends take). */
  | { kind: 'probe'; log: number; id: number }
  | { kind: 'close'; log: number };

/** One append's answer, sent only once the transaction holding it has committed. */
export type AppendSettlement =
  | { id: number; kind: 'appended'; links: ChainLink[] }
  | { id: number; kind: 'duplicate'; record: CommandRecord }
  | { id: number; kind: 'failed'; error: WireError };

type Unpacked = Exclude<AppendSettlement, { kind: 'appended' }>;

/**
 * A batch's answers, in the order of its appends, packed: structured clone
 * copies one array of numbers and one string several times faster than an
 * object (and an array of links) per append, on both threads.
 */
export interface Settlements {
  count: number;
  /** Per append, its id, then: for an appended one its number of events n and n × (seq, aseq); -1 for the next of `others`. */
  numbers: Float64Array;
  /** Per appended append with events: the prevHash of its first event, then each event's hash (64 characters each). */
  hashes: string;
  /** The duplicates and failures. */
  others: Unpacked[];
}

const HASH_LENGTH = 64;

/** Packs a batch's answers into Settlements, one append at a time. */
export class SettlementsBuilder {
  readonly #numbers: number[] = [];
  #hashes = '';
  readonly #others: Unpacked[] = [];
  #count = 0;

  appended(id: number, events: readonly ChainLink[]): void {
    this.#count += 1;
    this.#numbers.push(id, events.length);
    let previous: string | undefined;
    for (const { seq, aseq, prevHash, hash } of events) {
      // Unpacking rebuilds each prevHash from the hash before it, and cuts the string every 64 characters.
      if (
        hash.length !== HASH_LENGTH ||
        (previous === undefined ? prevHash.length !== HASH_LENGTH : prevHash !== previous)
      ) {
        throw new Error('chain links that cannot be packed');
      }
      this.#numbers.push(seq, aseq);
      this.#hashes += previous === undefined ? prevHash + hash : hash;
      previous = hash;
    }
  }

  other(settlement: Unpacked): void {
    this.#count += 1;
    this.#numbers.push(settlement.id, -1);
    this.#others.push(settlement);
  }

  build(): Settlements {
    return {
      count: this.#count,
      numbers: new Float64Array(this.#numbers),
      hashes: this.#hashes,
      others: this.#others,
    };
  }
}

export const packSettlements = (settlements: readonly AppendSettlement[]): Settlements => {
  const builder = new SettlementsBuilder();
  for (const settlement of settlements) {
    if (settlement.kind === 'appended') builder.appended(settlement.id, settlement.links);
    else builder.other(settlement);
  }
  return builder.build();
};

/** The answers, one by one, in the order of the batch's appends. */
export function* unpackSettlements({ numbers, hashes, others }: Settlements): Generator<AppendSettlement> {
  let at = 0;
  let hashAt = 0;
  let other = 0;
  const nextHash = (): string => hashes.slice(hashAt, (hashAt += HASH_LENGTH));
  while (at < numbers.length) {
    const id = numbers[at++]!;
    const count = numbers[at++]!;
    if (count < 0) {
      yield others[other++]!;
      continue;
    }
    const links: ChainLink[] = [];
    let prevHash = count > 0 ? nextHash() : '';
    for (let index = 0; index < count; index += 1) {
      const hash = nextHash();
      links.push({ seq: numbers[at++]!, aseq: numbers[at++]!, prevHash, hash });
      prevHash = hash;
    }
    yield { id, kind: 'appended', links };
  }
}

export type FromWriter =
  | { kind: 'opened'; log: number; synchronous: string }
  | { kind: 'open-failed'; log: number; error: WireError }
  | { kind: 'settled'; log: number; settlements: Settlements }
  | { kind: 'probed'; log: number; id: number; error: WireError | undefined }
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
