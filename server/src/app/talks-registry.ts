import type { TalksId } from '../../../shared/src/index.js';
import type { EventLog, StoredEvent } from '../log/event-log.js';
import { asFoldable, evolve } from '../talks/evolve.js';
import { emptyTalks, isOpened, type TalksState } from '../talks/state.js';

const PAGE = 5_000;

/**
 * The folded state of every talks this process has touched, loaded lazily from the
 * log (a cold start reads nothing) and kept current by folding each appended event.
 * Another process may append too (several nodes, the CLI): catchUp reads what it missed.
 */
export class TalksRegistry {
  readonly #states = new Map<TalksId, TalksState>();

  constructor(private readonly log: EventLog) {}

  /** The talks' current state, or undefined if no such talks was ever opened. */
  async load(talksId: TalksId): Promise<TalksState | undefined> {
    let state = this.#states.get(talksId);
    if (!state) {
      state = emptyTalks(talksId);
      await this.#readInto(state);
      if (!isOpened(state)) return undefined;
      this.#states.set(talksId, state);
    }
    return state;
  }

  /**
   * [NOD1] The talks as the store holds it now: loaded if this process never touched it,
   * else caught up with what other writers appended. One read of the log either way.
   */
  async current(talksId: TalksId): Promise<TalksState | undefined> {
    const known = this.#states.get(talksId);
    if (!known) return this.load(talksId);
    await this.#readInto(known);
    return known;
  }

  /** The state this process holds for a talks, without reading the store. */
  peek(talksId: TalksId): TalksState | undefined {
    return this.#states.get(talksId);
  }

  /** Folds whatever other writers appended since this process last looked. */
  async catchUp(state: TalksState): Promise<void> {
    await this.#readInto(state);
  }

  /** Folds events this process just appended (they follow state.seq directly). */
  fold(state: TalksState, events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (event.seq === state.seq + 1) evolve(state, asFoldable(event));
    }
  }

  /** Registers a talks that was just opened by this process. */
  adopt(state: TalksState): void {
    this.#states.set(state.id, state);
  }

  async #readInto(state: TalksState): Promise<void> {
    for (;;) {
      const events = await this.log.read(state.id, state.seq, PAGE);
      this.fold(state, events);
      if (events.length < PAGE) return;
    }
  }
}
