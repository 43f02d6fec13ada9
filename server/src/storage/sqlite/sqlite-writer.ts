import type { AppendOutcome, AppendRequest } from '../../log/event-log.js';
import { linkEvent } from '../../log/hash-chain.js';
import { DomainError } from '../../talks/domain-error.js';
import { LogConflict } from '../log-conflict.js';
import { writerThread, type WriterClient, type WriterThread } from './writer-thread.js';
import {
  fromWireError,
  type AppendSettlement,
  type FromWriter,
  type QueuedAppend,
  type WriterSettings,
  unpackSettlements,
} from './writer-protocol.js';

interface PendingAppend {
  request: AppendRequest;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: Error) => void;
  /** The writer thread generation it was handed to (0: not yet handed over). */
  generation: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * One log's side of group commit, on the main thread: hands appends to the
 * writer thread (all those of one event-loop turn in one message) and settles
 * each promise when the thread reports that its batch committed. If the thread
 * dies, the appends it held reject with INTERNAL (they may or may not have
 * committed: a retry with the same commandId answers `duplicate` if they did)
 * and the next append starts a new thread, which reopens the connection.
 */
export class SqliteWriter implements WriterClient {
  readonly #log: number;
  #openedIn = 0;
  #synchronous = 'unknown';
  #nextId = 1;
  readonly #pending = new Map<number, PendingAppend>();
  #outbox: QueuedAppend[] = [];
  #flushScheduled = false;
  #closed = false;
  #opening: Waiter | undefined;
  #closing: Waiter | undefined;
  #closedDown: Promise<void> | undefined;
  #drained: (() => void)[] = [];
  readonly #probes = new Map<number, Waiter & { generation: number }>();

  private constructor(
    private readonly thread: WriterThread,
    private readonly settings: WriterSettings,
  ) {
    this.#log = thread.attach(this);
  }

  /** Opens the log's connection in the writer thread and waits until it runs durable as asked. */
  static async open(settings: WriterSettings): Promise<SqliteWriter> {
    const writer = new SqliteWriter(writerThread(), settings);
    try {
      await new Promise<void>((resolve, reject) => {
        writer.#opening = { resolve, reject };
        writer.#connect();
      });
    } catch (error) {
      writer.thread.detach(writer.#log);
      throw error;
    }
    return writer;
  }

  /** The synchronous level of the writer's connection, as the thread read it back. */
  get synchronous(): string {
    return this.#synchronous;
  }

  append(request: AppendRequest): Promise<AppendOutcome> {
    if (this.#closed) return Promise.reject(new Error('the event log is closed'));
    return new Promise<AppendOutcome>((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { request, resolve, reject, generation: 0 });
      this.#outbox.push({ id, request });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** [FLT3] Resolves once the writer thread committed a heartbeat row; rejects with SQLite's error if it cannot. */
  probe(): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the event log is closed'));
    return new Promise<void>((resolve, reject) => {
      const id = this.#nextId++;
      const generation = this.#connect();
      this.#probes.set(id, { resolve, reject, generation });
      this.thread.post({ kind: 'probe', log: this.#log, id }, 1);
    });
  }

  /** Waits for every append made so far to settle, then closes the connection. */
  close(): Promise<void> {
    this.#closed = true;
    return (this.#closedDown ??= this.#closeDown());
  }

  receive(message: FromWriter): void {
    switch (message.kind) {
      case 'opened':
        this.#synchronous = message.synchronous;
        this.#opening?.resolve();
        break;
      case 'open-failed':
        this.#opening?.reject(fromWireError(message.error));
        break;
      case 'settled':
        for (const settlement of unpackSettlements(message.settlements)) {
          this.#settle(settlement.id, (pending) => answer(pending, settlement));
        }
        return;
      case 'probed': {
        const waiter = this.#probes.get(message.id);
        this.#probes.delete(message.id);
        if (message.error) waiter?.reject(fromWireError(message.error));
        else waiter?.resolve();
        return;
      }
      case 'closed':
        this.#closing?.resolve();
        this.#closing = undefined;
        return;
    }
    this.#opening = undefined;
  }

  async #closeDown(): Promise<void> {
    if (this.#pending.size > 0) await new Promise<void>((resolve) => this.#drained.push(resolve));
    // A connection exists only in a running thread of the generation that opened it.
    if (this.#openedIn === this.thread.running) {
      await new Promise<void>((resolve, reject) => {
        this.#closing = { resolve, reject };
        this.thread.post({ kind: 'close', log: this.#log }, 1);
      });
    }
    this.thread.detach(this.#log);
  }

  lost(generation: number, reason: string): void {
    const error = new DomainError('INTERNAL', `the event log's writer thread stopped: ${reason}`);
    for (const [id, pending] of this.#pending) {
      if (pending.generation === generation) this.#settle(id, ({ reject }) => reject(error));
    }
    for (const [id, waiter] of this.#probes) {
      if (waiter.generation !== generation) continue;
      this.#probes.delete(id);
      waiter.reject(error);
    }
    this.#opening?.reject(error);
    this.#opening = undefined;
    // Its connection died with it: nothing is left to close.
    this.#closing?.resolve();
    this.#closing = undefined;
  }

  // (Re)opens this log's connection in the running thread; messages keep their order, so appends may follow at once.
  #connect(): number {
    const generation = this.thread.start();
    if (this.#openedIn !== generation) {
      this.thread.post({ kind: 'open', log: this.#log, settings: this.settings }, 1);
      this.#openedIn = generation;
    }
    return generation;
  }

  #flush(): void {
    this.#flushScheduled = false;
    const appends = this.#outbox;
    if (appends.length === 0) return;
    this.#outbox = [];
    const generation = this.#connect();
    try {
      this.thread.post({ kind: 'append', log: this.#log, appends }, appends.length);
      for (const { id } of appends) this.#handedTo(id, generation);
    } catch {
      // Something in one request cannot be copied to the thread: find it, send the rest.
      for (const append of appends) this.#sendOne(append, generation);
    }
  }

  #sendOne(append: QueuedAppend, generation: number): void {
    try {
      this.thread.post({ kind: 'append', log: this.#log, appends: [append] }, 1);
      this.#handedTo(append.id, generation);
    } catch (error) {
      this.#settle(append.id, ({ reject }) => reject(error instanceof Error ? error : new Error(String(error))));
    }
  }

  #handedTo(id: number, generation: number): void {
    const pending = this.#pending.get(id);
    if (pending) pending.generation = generation;
  }

  #settle(id: number, answerWith: (pending: PendingAppend) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    answerWith(pending);
    if (this.#pending.size === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }
}

const answer = (pending: PendingAppend, settlement: AppendSettlement): void => {
  const { request } = pending;
  switch (settlement.kind) {
    case 'appended': {
      const commandId = request.command?.commandId ?? null;
      // The thread sealed exactly request.events, in order: one link per event.
      const events = request.events.map((event, index) =>
        linkEvent(request.talksId, event, commandId, settlement.links[index]!),
      );
      pending.resolve({ kind: 'appended', events });
      return;
    }
    case 'duplicate':
      pending.resolve({ kind: 'duplicate', record: settlement.record });
      return;
    case 'failed': {
      const error = fromWireError(settlement.error);
      pending.reject(error instanceof LogConflict ? new DomainError('CONFLICT', error.message) : error);
    }
  }
};
