import type { EventLog } from '../log/event-log.js';
import { storeFaultReason } from './store-fault.js';

export type HealthState = { ok: true } | { ok: false; reason: string };

export interface StoreHealthOptions {
  /** How long one answer is reused: probes from several balancers cost one commit. */
  cacheMs?: number;
  /** The longest a check waits for the probe; /health must answer within one second. */
  answerMs?: number;
  /** Told each time the answer changes (ok to unavailable and back, or a new reason). */
  onChange?: (state: HealthState) => void;
}

/**
 * [FLT3] Whether this node's store can commit now, judged by a real write
 * (EventLog.probeCommit: a heartbeat row through the append path), not a read.
 * One probe at a time; its answer is reused for a short moment; a probe still
 * running after `answerMs` counts as "cannot commit" for this check while it
 * goes on (a later check takes its late answer). Before the store is open
 * (start-up waiting for the database) it says why it is not ready.
 */
export class StoreHealth {
  #log: EventLog | undefined;
  #notReady = 'the store is opening';
  #last: { at: number; state: HealthState } | undefined;
  #probe: Promise<HealthState> | undefined;
  #reported: string | undefined;
  readonly #cacheMs: number;
  readonly #answerMs: number;

  constructor(private readonly options: StoreHealthOptions = {}) {
    this.#cacheMs = options.cacheMs ?? 500;
    this.#answerMs = options.answerMs ?? 900;
  }

  /** The store is open: from now on checks probe it. */
  attach(log: EventLog): void {
    this.#log = log;
    this.#last = undefined;
  }

  /** Start-up is still waiting for the store, for this reason. */
  waiting(reason: string): void {
    this.#notReady = reason;
  }

  async check(): Promise<HealthState> {
    const log = this.#log;
    if (!log) return this.#report({ ok: false, reason: this.#notReady });
    const last = this.#last;
    if (last && Date.now() - last.at < this.#cacheMs) return last.state;
    this.#probe ??= this.#run(log);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HealthState>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, reason: `the store did not commit within ${this.#answerMs} ms` }),
        this.#answerMs,
      );
    });
    try {
      return this.#report(await Promise.race([this.#probe, late]));
    } finally {
      clearTimeout(timer);
    }
  }

  async #run(log: EventLog): Promise<HealthState> {
    let state: HealthState;
    try {
      await (log.probeCommit ? log.probeCommit() : log.listTalks());
      state = { ok: true };
    } catch (error) {
      state = { ok: false, reason: reasonOf(error) };
    }
    this.#last = { at: Date.now(), state };
    this.#probe = undefined;
    return state;
  }

  #report(state: HealthState): HealthState {
    const key = state.ok ? 'ok' : state.reason;
    if (key !== this.#reported) {
      this.#reported = key;
      this.options.onChange?.(state);
    }
    return state;
  }
}

const reasonOf = (error: unknown): string => {
  const fault = storeFaultReason(error);
  if (fault !== undefined) return fault;
  // A DomainError UNAVAILABLE from the guard already says why, in words meant for people.
  const message = error instanceof Error ? error.message : '';
  const said = /^The server cannot save right now \((.*)\)\./.exec(message);
  return said?.[1] ?? 'the store failed to commit';
};
