import type { Actor, Audience, EventType, TalksId } from '../../../shared/src/index.js';

/** An event as decided by the domain, before the log gives it a place in the chain. */
export interface NewEvent {
  id: string;
  type: EventType;
  audience: Audience;
  at: string;
  actor: Actor;
  /** The stored payload: the wire payload plus any server-only fields (see visibility/view.ts). */
  payload: Record<string, unknown>;
}

/** An event once sealed into a talks' hash chain. */
export interface StoredEvent extends NewEvent {
  talksId: TalksId;
  /** Position in the talks' whole log, from 1, gapless. Never sent to clients. */
  seq: number;
  /** Position within its audience, from 1, gapless. */
  aseq: number;
  commandId: string | null;
  prevHash: string;
  hash: string;
}

/** What a command produced, kept so a repeated commandId returns the first answer. */
export interface CommandRecord {
  commandId: string;
  /** SHA-256 of the canonical command (type + payload + actor): a reuse with other content is refused. */
  fingerprint: string;
  result: unknown;
}

export interface AppendRequest {
  talksId: TalksId;
  /** The seq of the last event the caller decided on; the append fails with CONFLICT if the log moved on. */
  expectedSeq: number;
  events: NewEvent[];
  /** Present for commands: stored in the same transaction as the events. */
  command?: CommandRecord;
}

export type AppendOutcome =
  | { kind: 'appended'; events: StoredEvent[] }
  /** The commandId was already recorded: nothing was appended. */
  | { kind: 'duplicate'; record: CommandRecord };

export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * One stored row exactly as the log keeps it, for auditors: `body` is the
 * canonical JSON the hash was computed over (see docs/storage.md).
 */
export interface RawEntry {
  seq: number;
  audience: Audience;
  aseq: number;
  body: string;
  prevHash: string;
  hash: string;
}

/**
 * A RawEntry as a tuple, fields in the same order: how a fast reader (SQLite's raw
 * mode) hands rows to the verifier without building an object per row.
 */
export type EntryRow = readonly [
  seq: number,
  audience: string,
  aseq: number,
  body: string,
  prevHash: string,
  hash: string,
];

export interface AudienceCursor {
  audience: Audience;
  /** Return events of this audience with aseq greater than this. */
  afterAseq: number;
}

/**
 * The durable, hash-chained event log of every talks (the storage port).
 * Adapters: SqliteEventLog (embedded default), PostgresEventLog (several nodes).
 */
export interface EventLog {
  /** Seals and stores events atomically and durably before resolving; rejects with DomainError CONFLICT on a stale expectedSeq. */
  append(request: AppendRequest): Promise<AppendOutcome>;
  /** Events of one talks with seq > afterSeq, in order, at most `limit`. */
  read(talksId: TalksId, afterSeq: number, limit?: number): Promise<StoredEvent[]>;
  /** Events of the given audiences after each cursor, merged in seq order, at most `limit`. */
  readAudiences(talksId: TalksId, cursors: AudienceCursor[], limit: number): Promise<StoredEvent[]>;
  /** The recorded outcome of a command, if that commandId was seen in this talks. */
  findCommand(talksId: TalksId, commandId: string): Promise<CommandRecord | undefined>;
  /** The last sealed event's seq and hash (seq 0 and the genesis hash for an empty talks). */
  head(talksId: TalksId): Promise<ChainHead>;
  /** The raw stored rows of one talks with seq > afterSeq, in seq order, at most `limit`: what the audit verifies. */
  readEntries(talksId: TalksId, afterSeq: number, limit: number): Promise<RawEntry[]>;
  /**
   * Optional fast path for the audit (verifyTalksChain uses readEntries and head
   * without it): hands every stored row of one talks to `visit`, page by page in
   * seq order, until the rows run out or `visit` returns false; then resolves with
   * the head recorded in the same read snapshot as the rows.
   */
  scanEntries?(talksId: TalksId, visit: (rows: readonly EntryRow[]) => boolean): Promise<ChainHead>;
  /** Every talks with at least one event, oldest first. */
  listTalks(): Promise<TalksId[]>;
  /**
   * [FLT3] Writes and commits a heartbeat through the same path appends take
   * (the writer thread, the pool, fsync): resolves only if the store can commit
   * now. /health calls it; an adapter without it is taken to be able to commit.
   */
  probeCommit?(): Promise<void>;
  /**
   * [ID7] Remembers which talks an invite code belongs to, by the code's SHA-256 (the code
   * itself is opaque and never stored). Called before the invite's event is appended:
   * an entry whose append then failed leads to a talks without that invite, which
   * redemption answers like any unknown code. Recording the same pair again is a no-op.
   */
  indexInvite(codeHash: string, talksId: TalksId): Promise<void>;
  /** [ID7] The talks an invite code's hash was recorded for, if any. */
  findInviteTalks(codeHash: string): Promise<TalksId | undefined>;
  /** Flushes and releases the underlying connections. */
  close(): Promise<void>;
}
