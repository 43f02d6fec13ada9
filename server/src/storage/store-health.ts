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
 * Checks share one probe; its answer is reused for a short moment; a probe
 * still running after `answerMs` counts as "cannot commit" for this check. Before the store is open
 * (start-up waiting for the database) it says why it is not ready.
 */
export class StoreHealth {
  #log: EventLog | undefined;
  #notReady = 'the store is opening';
  #last: { at: number; state: HealthState } | undefined;
  #probe: { answer: Promise<HealthState>; startedAt: number } | undefined;
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
    this.#probe = undefined;
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
    // A probe stuck past the answer time is left to its own deadline; the next check
    // starts afresh, so a repaired store shows as soon as it commits again.
    if (!this.#probe || Date.now() - this.#probe.startedAt > this.#answerMs) {
      this.#probe = { answer: this.#run(log), startedAt: Date.now() };
    }
    const probe = this.#probe.answer;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<HealthState>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, reason: `the store did not commit within ${this.#answerMs} ms` }),
        this.#answerMs,
      );
    });
    try {
      return this.#report(await Promise.race([probe, late]));
    } finally {
      clearTimeout(timer);
    }
  }

  async #run(log: EventLog): Promise<HealthState> {
    const startedAt = Date.now();
    let state: HealthState;
    try {
      await (log.probeCommit ? log.probeCommit() : log.listTalks());
      state = { ok: true };
    } catch (error) {
      state = { ok: false, reason: reasonOf(error) };
    }
    // A late answer from a probe already replaced must not overwrite a newer one.
    if (this.#log === log && (this.#last === undefined || this.#last.at <= startedAt)) this.#last = { at: Date.now(), state };
    if (this.#probe?.startedAt === startedAt) this.#probe = undefined;
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
