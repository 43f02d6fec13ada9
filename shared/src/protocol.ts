import type { CommandEnvelope, SyncRequest } from './commands.js';
import type { ErrorBody } from './errors.js';
import type { WireEvent } from './events.js';
import type { MemberId, PartyId, TalksId } from './ids.js';
import type { Role } from './model.js';

export const PROTOCOL_VERSION = 1;

export type Ack<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorBody };

export interface SyncResult {
  events: WireEvent[];
  /** true when more events wait beyond this page: call `sync` again with the new cursors. */
  more: boolean;
}

export interface RenewRequest {
  token: string;
}

export interface ClientToServerEvents {
  command: (envelope: CommandEnvelope, ack: (answer: Ack) => void) => void;
  sync: (request: SyncRequest, ack: (answer: Ack<SyncResult>) => void) => void;
  /** Hands a refreshed session token to a live socket so it is not cut off at the old expiry. */
  renew: (request: RenewRequest, ack: (answer: Ack<{ expiresAt: string }>) => void) => void;
}

export interface ServerToClientEvents {
  event: (event: WireEvent) => void;
  /** Sent just before the server cuts a socket off, saying why (AUTH_EXPIRED, FORBIDDEN). */
  closing: (reason: ErrorBody) => void;
  /**
   * A member came online or went offline. Sent only to those who may know that member
   * (the audience of the member's member.joined event): a party never learns the other
   * party's presence.
   */
  presence: (change: PresenceChange) => void;
}

export interface PresenceChange {
  talksId: TalksId;
  memberId: MemberId;
  online: boolean;
}

export interface MemberView {
  id: MemberId;
  talksId: TalksId;
  role: Role;
  partyId: PartyId | null;
  displayName: string;
}

export interface SessionGrant {
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
  member: MemberView;
}

export type { CommandEnvelope, SyncRequest };
