// The hash chain of a talks' log, as pure functions over plain values: sealing
// new events onto a head, and verifying stored rows. No I/O besides hashing, so
// the storage adapters, the audit CLI and an offline auditor share one definition.
import { hash as digest } from 'node:crypto';
import type { Audience, TalksId } from '../../../shared/src/index.js';
import { canonicalJson } from './canonical.js';
import type { ChainHead, EntryRow, NewEvent, RawEntry, StoredEvent } from './event-log.js';

/** The prevHash of a talks' first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a stored event covered by its hash: everything except the chain links themselves. */
export type EventBody = Omit<StoredEvent, 'prevHash' | 'hash'>;

/** An event sealed into the chain, with the exact row the log must store. */
export interface SealedEvent {
  event: StoredEvent;
  entry: RawEntry;
}

export const sha256hex = (text: string): string => digest('sha256', text, 'hex');

/** hash = SHA-256 over the UTF-8 bytes of prevHash, a line feed, and the stored body. */
export const chainHash = (prevHash: string, body: string): string => sha256hex(`${prevHash}\n${body}`);

/** The ten fields of a body, in canonical (sorted) order. */
const BODY_KEYS = ['actor', 'aseq', 'at', 'audience', 'commandId', 'id', 'payload', 'seq', 'talksId', 'type'] as const;

/** The stored bytes of an event: canonical JSON of exactly these ten fields. */
export const encodeBody = (event: EventBody): string => {
  // The members are written in their canonical order directly: the same bytes as
  // canonicalJson of the ten-field object, without building and sorting it. A field
  // without a JSON value (which canonicalJson would omit or refuse) takes that path.
  let text = '{';
  for (const key of BODY_KEYS) {
    const value: unknown = event[key];
    if (value === undefined || typeof value === 'symbol' || typeof value === 'function') {
      return canonicalJson(Object.fromEntries(BODY_KEYS.map((name) => [name, event[name]])));
    }
    text += `${text.length > 1 ? ',' : ''}"${key}":${canonicalJson(value)}`;
  }
  return `${text}}`;
};

/** Rebuilds a StoredEvent from its stored row; the body is trusted to be what encodeBody wrote. */
export const parseStoredEvent = (body: string, prevHash: string, hash: string): StoredEvent => {
  const parsed = JSON.parse(body) as EventBody;
  return {
    talksId: parsed.talksId,
    seq: parsed.seq,
    id: parsed.id,
    type: parsed.type,
    audience: parsed.audience,
    aseq: parsed.aseq,
    at: parsed.at,
    actor: parsed.actor,
    payload: parsed.payload,
    commandId: parsed.commandId,
    prevHash,
    hash,
  };
};

/**
 * Gives new events their place after `head`: seq continues the talks' log, aseq
 * continues each audience (from `audienceHeads`, the last aseq per audience; 0
 * when absent), and each event is chained to the one before it.
 */
export const sealChain = (
  talksId: TalksId,
  head: ChainHead,
  audienceHeads: ReadonlyMap<Audience, number>,
  events: readonly NewEvent[],
  commandId: string | null,
): SealedEvent[] => {
  const lastAseq = new Map(audienceHeads);
  let { seq, hash: prevHash } = head;
  return events.map((event) => {
    seq += 1;
    const aseq = (lastAseq.get(event.audience) ?? 0) + 1;
    lastAseq.set(event.audience, aseq);
    const link = { seq, aseq, prevHash, hash: '' };
    const stored = linkEvent(talksId, event, commandId, link);
    const body = encodeBody(stored);
    stored.hash = chainHash(prevHash, body);
    prevHash = stored.hash;
    return { event: stored, entry: { seq, audience: stored.audience, aseq, body, prevHash: link.prevHash, hash: stored.hash } };
  });
};

/** sealChain without the stored rows. */
export const sealEvents = (
  talksId: TalksId,
  head: ChainHead,
  audienceHeads: ReadonlyMap<Audience, number>,
  events: readonly NewEvent[],
  commandId: string | null,
): StoredEvent[] => sealChain(talksId, head, audienceHeads, events, commandId).map((sealed) => sealed.event);

/** Where a sealed event sits in its chain: all a writer elsewhere (a worker thread) must send back. */
export interface ChainLink {
  seq: number;
  aseq: number;
  prevHash: string;
  hash: string;
}

/**
 * The StoredEvent that sealChain made for `event`, rebuilt from its link by a
 * caller that kept the NewEvent: identical fields, so the port returns the same
 * objects whichever thread sealed them.
 */
export const linkEvent = (
  talksId: TalksId,
  event: NewEvent,
  commandId: string | null,
  { seq, aseq, prevHash, hash }: ChainLink,
): StoredEvent => ({
  // Only the NewEvent and Actor fields, so extra properties of a caller's object
  // never reach the chain (and the verifier's fast body scan stays exact).
  id: event.id,
  type: event.type,
  audience: event.audience,
  at: event.at,
  actor: {
    id: event.actor.id,
    role: event.actor.role,
    partyId: event.actor.partyId,
    displayName: event.actor.displayName,
  },
  payload: event.payload,
  talksId,
  seq,
  aseq,
  commandId,
  prevHash,
  hash,
});

export type ChainVerdict =
  | { ok: true; head: ChainHead; count: number }
  /** `seq` names the first position where the chain does not hold. */
  | { ok: false; seq: number; reason: string };

/**
 * Verifies a talks' stored rows incrementally: feed pages in seq order, then ask
 * for the verdict. Stops at the first bad entry. Hashes the stored body string as
 * is (no re-serialisation), and parses it only to compare it with its columns.
 */
export class ChainVerifier {
  // The head as two fields, not a ChainHead object: no allocation per entry.
  private headSeq = 0;
  private headHash = GENESIS_HASH;
  private readonly lastAseq = new Map<string, number>();
  private failure: { seq: number; reason: string } | undefined;
  private readonly audienceFragments = new Map<string, string>();
  // The shape of the last body matchesBySearch accepted (see matchesLastShape).
  private shapeHead = '';
  private shapeTail = '';
  private readonly talksFragment: string;
  /**
   * How far from a body's end the search for its last `,"seq":` starts: room for the
   * seq, the talksId and a type of up to 64 characters (the answer is the same from anywhere).
   */
  private readonly tailLength: number;

  /** @param talksId when given, every body must name this talks. */
  constructor(private readonly talksId?: string) {
    this.talksFragment =
      talksId === undefined ? ',"talksId":' : `,"talksId":${JSON.stringify(talksId)},"type":`;
    this.tailLength = SEQ_KEY.length + 16 + this.talksFragment.length + (talksId === undefined ? 40 : 0) + 64;
  }

  /** Checks the next rows; returns false once the chain is broken (further pages are ignored). */
  feed(entries: readonly RawEntry[]): boolean {
    if (this.failure) return false;
    for (const { seq, audience, aseq, body, prevHash, hash } of entries) {
      if (!this.accept(seq, audience, aseq, body, prevHash, hash)) return false;
    }
    return true;
  }

  /** feed, for rows as tuples (EventLog.scanEntries): the same checks and verdicts. */
  feedRows(rows: readonly EntryRow[]): boolean {
    if (this.failure) return false;
    // Indexed, not destructured: destructuring a tuple goes through its iterator.
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (!this.accept(row[0], row[1], row[2], row[3], row[4], row[5])) return false;
    }
    return true;
  }

  /** The verdict over everything fed so far. */
  verdict(): ChainVerdict {
    if (this.failure) return { ok: false, ...this.failure };
    return { ok: true, head: { seq: this.headSeq, hash: this.headHash }, count: this.headSeq };
  }

  /** Checks one entry: moves the head past it, or records why the chain breaks there. */
  private accept(
    seq: number,
    audience: string,
    aseq: number,
    body: string,
    prevHash: string,
    hash: string,
  ): boolean {
    const reason = this.check(seq, audience, aseq, body, prevHash, hash);
    if (reason !== undefined) {
      this.failure = { seq: this.headSeq + 1, reason };
      return false;
    }
    this.headSeq = seq;
    this.headHash = hash;
    return true;
  }

  private check(
    seq: number,
    audience: string,
    aseq: number,
    body: string,
    prevHash: string,
    hash: string,
  ): string | undefined {
    const expectedSeq = this.headSeq + 1;
    if (seq !== expectedSeq) {
      return seq > expectedSeq
        ? `entry missing: expected seq ${expectedSeq}, next stored entry has seq ${seq}`
        : `entry out of order: expected seq ${expectedSeq}, found seq ${seq}`;
    }
    if (prevHash !== this.headHash) return 'prevHash does not link to the previous entry';
    if (chainHash(prevHash, body) !== hash) return 'hash does not match the stored body';
    return this.checkBody(seq, audience, aseq, body) ?? this.checkAseq(audience, aseq);
  }

  private checkBody(seq: number, audience: string, aseq: number, body: string): string | undefined {
    if (this.bodyMatchesColumns(body, seq, aseq, audience)) return undefined;
    let parsed: Partial<Record<keyof EventBody, unknown>>;
    try {
      parsed = JSON.parse(body) as Partial<Record<keyof EventBody, unknown>>;
    } catch {
      return 'body is not valid JSON';
    }
    if (parsed.seq !== seq) return `body says seq ${String(parsed.seq)}, stored at seq ${seq}`;
    if (parsed.audience !== audience) return 'body audience differs from the stored audience';
    if (parsed.aseq !== aseq) return `body says aseq ${String(parsed.aseq)}, stored aseq ${aseq}`;
    if (this.talksId !== undefined && parsed.talksId !== this.talksId) return 'body belongs to another talks';
    return undefined;
  }

  /**
   * The fast path, about three times quicker than JSON.parse: in a canonical body
   * the top-level keys are sorted (actor, aseq, at, audience, commandId, id,
   * payload, seq, talksId, type), the actor holds only its four fields, and a key
   * pattern such as `"aseq":` cannot occur inside a string, so the first
   * `"aseq":`/`"audience":` and the last `,"seq":` are the top-level ones. Any
   * mismatch falls back to a full parse, which gives the verdict.
   */
  private bodyMatchesColumns(body: string, seq: number, aseq: number, audience: string): boolean {
    return (
      this.matchesLastShape(body, seq, aseq, audience) || this.matchesBySearch(body, seq, aseq, audience)
    );
  }

  private matchesBySearch(body: string, seq: number, aseq: number, audience: string): boolean {
    const aseqAt = firstIndexOf(body, ASEQ_KEY, ASEQ_RARE);
    const aseqEnd = numberEndsAt(body, aseqAt + ASEQ_KEY.length, aseq);
    if (aseqAt <= 0 || aseqEnd <= 0 || !body.startsWith(',"at":', aseqEnd)) return false;
    const audienceAt = firstIndexOf(body, AUDIENCE_KEY, AUDIENCE_RARE);
    if (!hasAt(body, audienceAt, this.audienceFragment(audience))) return false;
    const seqAt = lastIndexOf(body, SEQ_KEY, body.length - this.tailLength);
    const seqEnd = numberEndsAt(body, seqAt + SEQ_KEY.length, seq);
    if (seqAt <= 0 || seqEnd <= 0 || !hasAt(body, seqEnd, this.talksFragment)) return false;
    if (audienceAt > aseqAt) {
      this.shapeHead = body.slice(0, aseqAt);
      this.shapeTail = body.slice(seqEnd);
    }
    return true;
  }

  /**
   * matchesBySearch's answer without its searches, for a body shaped like the last
   * one it accepted (most are: same actor, same type): the same text before the
   * `"aseq":` (shapeHead) and after the seq's digits (shapeTail). Those texts were
   * searched: the head holds no `"aseq":` or `"audience":` and the tail no
   * `,"seq":`, and none can straddle their edges. Between them this body must read
   * `"aseq":N,"at":"<no quote>","audience":"…","commandId":` right after the head
   * and `,"seq":N` right before the tail, where no other such key can start. So
   * what is found here is the first `"aseq":` and `"audience":` and the last
   * `,"seq":`, exactly as the searches would find them.
   */
  private matchesLastShape(body: string, seq: number, aseq: number, audience: string): boolean {
    const head = this.shapeHead;
    const tail = this.shapeTail;
    if (head.length === 0 || !hasAt(body, 0, head)) return false;
    if (!hasAt(body, body.length - tail.length, tail)) return false;
    const aseqEnd = numberEndsAt(body, head.length + ASEQ_KEY.length, aseq);
    if (aseqEnd < 0 || !body.startsWith(ASEQ_KEY, head.length)) return false;
    if (!body.startsWith(AT_KEY, aseqEnd)) return false;
    const atEnd = body.indexOf('"', aseqEnd + AT_KEY.length);
    if (atEnd < 0 || body.charCodeAt(atEnd + 1) !== COMMA) return false;
    if (!hasAt(body, atEnd + 2, this.audienceFragment(audience))) return false;
    const seqEnd = body.length - tail.length;
    const seqAt = seqEnd - String(seq).length - SEQ_KEY.length;
    return (
      seqAt > atEnd &&
      body.startsWith(SEQ_KEY, seqAt) &&
      numberEndsAt(body, seqAt + SEQ_KEY.length, seq) === seqEnd
    );
  }

  private audienceFragment(audience: string): string {
    let fragment = this.audienceFragments.get(audience);
    if (fragment === undefined) {
      fragment = `"audience":${JSON.stringify(audience)},"commandId":`;
      this.audienceFragments.set(audience, fragment);
    }
    return fragment;
  }

  private checkAseq(audience: string, aseq: number): string | undefined {
    const expected = (this.lastAseq.get(audience) ?? 0) + 1;
    if (aseq !== expected) return `aseq gap in ${audience}: expected ${expected}, found ${aseq}`;
    this.lastAseq.set(audience, aseq);
    return undefined;
  }
}

const SEQ_KEY = ',"seq":';
const ASEQ_KEY = '"aseq":';
const AUDIENCE_KEY = '"audience":';
const AT_KEY = ',"at":"';
const COMMA = 0x2c;
// The keys' tails from a letter that is rare before them in a body (UUIDs, ISO times and
// the actor's fields hold none), so the search skips to it at memchr speed.
const ASEQ_RARE = 'q":';
const AUDIENCE_RARE = 'udience":';

/**
 * text.indexOf(key), found faster through `rare`, the key's tail: if the first
 * `rare` ends a `key`, that is the first `key` (an earlier one would end in an
 * earlier `rare`); if not, the plain search answers.
 */
const firstIndexOf = (text: string, key: string, rare: string): number => {
  const at = text.indexOf(rare) - (key.length - rare.length);
  return at >= 0 && text.startsWith(key, at) ? at : text.indexOf(key);
};

/**
 * text.lastIndexOf(key), found faster by searching forward from `from` (where it
 * usually is): the last match after `from`, or else the last one before it.
 * V8's backward search compares character by character.
 */
const lastIndexOf = (text: string, key: string, from: number): number => {
  let at = text.indexOf(key, Math.max(0, from));
  if (at < 0) return text.lastIndexOf(key, Math.max(0, from));
  for (let next = text.indexOf(key, at + 1); next >= 0; next = text.indexOf(key, at + 1)) at = next;
  return at;
};

/**
 * text.startsWith(part, at), faster for long parts: V8 11's startsWith compares
 * character by character, string equality compares memory.
 */
const hasAt = (text: string, at: number, part: string): boolean => {
  const from = at < 0 ? 0 : at;
  return text.substring(from, from + part.length) === part;
};

/** Where the decimal `value` written at `from` ends, or -1 if something else is written there. */
const numberEndsAt = (text: string, from: number, value: number): number => {
  const digits = String(value);
  const end = from + digits.length;
  const next = text.charCodeAt(end);
  return text.startsWith(digits, from) && !(next >= 48 && next <= 57) ? end : -1;
};

/** Verifies a whole chain at once; see ChainVerifier. */
export const verifyEntries = (entries: readonly RawEntry[], talksId?: string): ChainVerdict => {
  const verifier = new ChainVerifier(talksId);
  verifier.feed(entries);
  return verifier.verdict();
};
