import type { DraftEvent } from './events.js';

/** What a command decided: the events to append and the answer for the caller. */
export interface Decision {
  events: DraftEvent[];
  result: Record<string, unknown>;
}

export const decision = (events: DraftEvent[], result: Record<string, unknown> = {}): Decision => ({
  events,
  result,
});
