import type { Worker } from 'node:worker_threads';
import { startWorker } from '../worker-thread.js';
import type { FromWriter, ToWriter } from './writer-protocol.js';

/** One open log's end of the writer thread (see sqlite-writer.ts). */
export interface WriterClient {
  receive(message: FromWriter): void;
  /** The thread of `generation` died: whatever was handed to it is lost. */
  lost(generation: number, reason: string): void;
}

/**
 * The process's one writer thread, shared by every open SQLite log (in
 * production there is one; tests open many, and a thread costs a fraction of a
 * second to start). Started on first use and again after a crash; each start
 * is a new generation, so a log knows when it must reopen its connection.
 * Holds the process open only while replies are awaited.
 */
export class WriterThread {
  #worker: Worker | undefined;
  #generation = 0;
  #nextLog = 1;
  #awaited = 0;
  readonly #clients = new Map<number, WriterClient>();

  attach(client: WriterClient): number {
    const log = this.#nextLog++;
    this.#clients.set(log, client);
    return log;
  }

  detach(log: number): void {
    this.#clients.delete(log);
  }

  /** The generation of the running thread, or undefined if none runs. */
  get running(): number | undefined {
    return this.#worker ? this.#generation : undefined;
  }

  /** The generation of the running thread, starting one if none runs. */
  start(): number {
    if (!this.#worker) this.#spawn();
    return this.#generation;
  }

  /** Hands a message to the running thread, which will answer it with `replies` replies (appends count one each). */
  post(message: ToWriter, replies: number): void {
    const worker = this.#worker ?? this.#spawn();
    worker.postMessage(message);
    this.#await(replies);
  }

  /** Stops the thread at once, as a crash would. */
  async terminate(): Promise<void> {
    await this.#worker?.terminate();
  }

  #spawn(): Worker {
    const worker = startWorker('writer-worker', import.meta.url, undefined);
    const generation = ++this.#generation;
    let crash = 'it exited';
    worker.on('message', (message: FromWriter) => {
      this.#await(message.kind === 'settled' ? -message.settlements.count : -1);
      this.#clients.get(message.log)?.receive(message);
    });
    worker.on('error', (error) => {
      crash = error.message;
    });
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined;
      this.#awaited = 0;
      for (const client of [...this.#clients.values()]) client.lost(generation, crash);
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }

  #await(change: number): void {
    const before = this.#awaited;
    this.#awaited = Math.max(0, before + change);
    if (before === 0 && this.#awaited > 0) this.#worker?.ref();
    if (before > 0 && this.#awaited === 0) this.#worker?.unref();
  }
}

let shared: WriterThread | undefined;

/** The process's writer thread (created on first call, started on first message). */
export const writerThread = (): WriterThread => (shared ??= new WriterThread());
