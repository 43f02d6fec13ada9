import type { InviteSecret } from '../auth/invite-code.js';

/** Everything the rules need from the world, passed in so decide() stays pure and testable. */
export interface DecideContext {
  /** The time of the decision, ISO 8601. */
  now: string;
  /** A fresh UUID. */
  newId(): string;
  /** A fresh invite code and its hash. */
  newInviteSecret(): InviteSecret;
}
