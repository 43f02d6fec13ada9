import { CAST, type Session } from './session.js';
import type { Pick } from './session-plan.js';

// Who acts and on what, resolved against the session's state when an action runs: members
// and targets are chosen modulo the candidates, so any plan runs whatever ids the server makes.

export const ALL = CAST.map((_, seat) => seat);
export const MEDIATORS = [0, 1];
export const DELEGATION = [2, 3, 4, 5, 6, 7];
export const HEADS = [2, 4, 6];
export const LEAD = [0];
/** Whom the lead may remove in a session: the co-mediator, the delegates, the observer (heads stay, so summaries can pass). */
export const REMOVABLE = [1, 3, 5, 7, 8];

export const partyOf = (seat: number): number | null => CAST[seat]?.party ?? null;
export const at = <T>(list: readonly T[], index: number): T | undefined =>
  list.length > 0 ? list[index % list.length] : undefined;

/** A seat the action suits (when the pick fits and one is still a member), else any seat of the cast. */
export function choose(session: Session, pick: Pick, fit: readonly number[]): number {
  const present = fit.filter((seat) => !session.linkAt(seat).removed);
  const pool = pick.fit && present.length > 0 ? present : ALL;
  return at(pool, pick.index) ?? 0;
}

/** The latest of these when the pick fits, else any of them. */
export const latestOr = <T>(list: readonly T[], pick: Pick): T | undefined =>
  pick.fit ? list.at(-1) : at(list, pick.index);
