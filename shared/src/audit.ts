import type { Actor, EventType } from './events.js';
import type { Audience } from './model.js';

// The entries of an audit.read answer ([AUD3], [AUD4]). Every entry shows its place and
// proof; its content only to a reader who may read its audience anyway.

/** What every audit entry shows, sealed or not: its place in the log and the chain's links. */
interface AuditEntryPlace {
  seq: number;
  id: string;
  type: EventType;
  audience: Audience;
  aseq: number;
  at: string;
  prevHash: string;
  hash: string;
}

/**
 * An entry of an audience the reader reads. `body` is the exact stored bytes, so the
 * reader can recompute `hash` = SHA-256(prevHash + "\n" + body); it is null when the stored
 * payload holds server-only fields (named in `withheld`, e.g. an invite's code hash), which
 * never leave the server: the payload shown is then the allowlisted one and the hash is
 * checked like a sealed entry's.
 */
export interface OpenAuditEntry extends AuditEntryPlace {
  sealed: null;
  actor: Actor;
  payload: Record<string, unknown>;
  commandId: string | null;
  body: string | null;
  withheld: string[];
}

/**
 * An entry of an audience the reader may not read (a delegation's caucus, for a mediator):
 * no payload, no actor beyond its role, no commandId, no body. `sealed.note` says so in
 * English ("caucus of Northland: content sealed"); a client words it from `audience`.
 */
export interface SealedAuditEntry extends AuditEntryPlace {
  sealed: { reason: 'audience'; note: string };
  actor: { role: Actor['role'] };
}

export type AuditEntry = OpenAuditEntry | SealedAuditEntry;

export type AuditChainStatus =
  | { ok: true; head: { seq: number; hash: string }; count: number }
  | { ok: false; brokenAt: number; reason: string };

export interface AuditPage {
  entries: AuditEntry[];
  chain: AuditChainStatus;
}
