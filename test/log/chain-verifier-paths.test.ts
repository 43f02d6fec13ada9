import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SYSTEM_ACTOR,
  asId,
  type Actor,
  type Audience,
  type EventType,
  type MemberId,
  type PartyId,
  type TalksId,
} from '../../shared/src/index.js';
import type { EntryRow, NewEvent, RawEntry } from '../../server/src/log/event-log.js';
import {
  ChainVerifier,
  GENESIS_HASH,
  encodeBody,
  sealChain,
  verifyEntries,
  type ChainVerdict,
} from '../../server/src/log/hash-chain.js';
import { FIXED_AT, newTalksId, seededId } from './new-event.js';

// The verifier's fast paths (tuples from scanEntries, the body checks that skip
// their searches for a body shaped like the last one) must give exactly the
// verdicts of the plain algorithm: the same seq and the same reason for the first
// bad entry, for any tampering. `reference` below is that algorithm as it was
// written before the fast paths, kept here as the oracle.

const GENESIS = { seq: 0, hash: GENESIS_HASH };

const reference = (entries: readonly RawEntry[], talksId?: string): ChainVerdict => {
  let head = { ...GENESIS };
  const lastAseq = new Map<string, number>();
  const talksFragment =
    talksId === undefined ? ',"talksId":' : `,"talksId":${JSON.stringify(talksId)},"type":`;
  const numberEndsAt = (text: string, from: number, value: number): number => {
    const digits = String(value);
    const end = from + digits.length;
    const next = text.charCodeAt(end);
    return text.startsWith(digits, from) && !(next >= 48 && next <= 57) ? end : -1;
  };
  const matches = ({ body, seq, aseq, audience }: RawEntry): boolean => {
    const seqAt = body.lastIndexOf(',"seq":');
    const seqEnd = numberEndsAt(body, seqAt + 7, seq);
    const aseqAt = body.indexOf('"aseq":');
    const aseqEnd = numberEndsAt(body, aseqAt + 7, aseq);
    return (
      seqAt > 0 &&
      aseqAt > 0 &&
      seqEnd > 0 &&
      aseqEnd > 0 &&
      body.startsWith(talksFragment, seqEnd) &&
      body.startsWith(',"at":', aseqEnd) &&
      body.startsWith(`"audience":${JSON.stringify(audience)},"commandId":`, body.indexOf('"audience":'))
    );
  };
  const checkBody = (entry: RawEntry): string | undefined => {
    if (matches(entry)) return undefined;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(entry.body) as Record<string, unknown>;
    } catch {
      return 'body is not valid JSON';
    }
    if (body.seq !== entry.seq) return `body says seq ${String(body.seq)}, stored at seq ${entry.seq}`;
    if (body.audience !== entry.audience) return 'body audience differs from the stored audience';
    if (body.aseq !== entry.aseq) return `body says aseq ${String(body.aseq)}, stored aseq ${entry.aseq}`;
    if (talksId !== undefined && body.talksId !== talksId) return 'body belongs to another talks';
    return undefined;
  };
  const check = (entry: RawEntry): string | undefined => {
    const expectedSeq = head.seq + 1;
    if (entry.seq !== expectedSeq) {
      return entry.seq > expectedSeq
        ? `entry missing: expected seq ${expectedSeq}, next stored entry has seq ${entry.seq}`
        : `entry out of order: expected seq ${expectedSeq}, found seq ${entry.seq}`;
    }
    if (entry.prevHash !== head.hash) return 'prevHash does not link to the previous entry';
    if (sha256(`${entry.prevHash}\n${entry.body}`) !== entry.hash)
      return 'hash does not match the stored body';
    const reason = checkBody(entry);
    if (reason !== undefined) return reason;
    const expected = (lastAseq.get(entry.audience) ?? 0) + 1;
    if (entry.aseq !== expected)
      return `aseq gap in ${entry.audience}: expected ${expected}, found ${entry.aseq}`;
    lastAseq.set(entry.audience, entry.aseq);
    return undefined;
  };
  for (const entry of entries) {
    const reason = check(entry);
    if (reason !== undefined) return { ok: false, seq: head.seq + 1, reason };
    head = { seq: entry.seq, hash: entry.hash };
  }
  return { ok: true, head, count: head.seq };
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const toRow = (entry: RawEntry): EntryRow => [
  entry.seq,
  entry.audience,
  entry.aseq,
  entry.body,
  entry.prevHash,
  entry.hash,
];

/** The verdict of feedRows, fed in pages of `pageSize`. */
const verifyRows = (
  entries: readonly RawEntry[],
  talksId: string | undefined,
  pageSize: number,
): ChainVerdict => {
  const verifier = new ChainVerifier(talksId);
  for (let start = 0; start < entries.length; start += pageSize) {
    if (!verifier.feedRows(entries.slice(start, start + pageSize).map(toRow))) break;
  }
  return verifier.verdict();
};

// Actors and types vary so bodies change shape; some names hold the letters the
// searches skip to ('q', 'u'), and payloads imitate the top-level keys.
const ACTORS: Actor[] = [
  SYSTEM_ACTOR,
  {
    id: asId<MemberId>('h-2'),
    role: 'head',
    partyId: asId<PartyId>('p1'),
    displayName: 'Queen "Q" Uhura, {head}',
  },
  { id: asId<MemberId>('d-3'), role: 'delegate', partyId: asId<PartyId>('p2'), displayName: 'Ду́ша ,"seq":1' },
];
const AUDIENCES: Audience[] = ['joint', 'room:p1', 'mediation', 'gallery', 'room:p2'];
const TYPES: EventType[] = ['message.posted', 'phase.changed', 'talks.opened'];
const PAYLOAD_TEXTS = [
  'said',
  '","seq":5,"talksId":"t","aseq":7',
  '"aseq":1,"at":"x","audience":"joint"',
  'équipe',
];

interface Spec {
  audience: Audience;
  actor: Actor;
  type: EventType;
  text: string;
  nested: boolean;
}

const eventArb: fc.Arbitrary<Spec> = fc.record({
  audience: fc.constantFrom(...AUDIENCES),
  actor: fc.constantFrom(...ACTORS),
  type: fc.constantFrom(...TYPES),
  text: fc.constantFrom(...PAYLOAD_TEXTS),
  nested: fc.boolean(),
});

const buildChain = (talksId: TalksId, specs: Spec[]) => {
  const events: NewEvent[] = specs.map((spec) => {
    const id = seededId('event');
    return {
      id,
      type: spec.type,
      audience: spec.audience,
      at: FIXED_AT,
      actor: spec.actor,
      payload: spec.nested
        ? { nested: { seq: 3, aseq: 4, audience: 'joint' }, text: spec.text }
        : { text: spec.text },
    };
  });
  return sealChain(talksId, GENESIS, new Map(), events, null);
};

// Recomputes every hash from `from` on, as a forger with write access to the whole table would.
const rehashFrom = (entries: RawEntry[], from: number): RawEntry[] => {
  const out = entries.slice(0, from);
  let prevHash = from === 0 ? GENESIS_HASH : out[from - 1]!.hash;
  for (const entry of entries.slice(from)) {
    const hash = sha256(`${prevHash}\n${entry.body}`);
    out.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return out;
};

type Tamper =
  | { kind: 'column'; field: 'seq' | 'aseq' | 'audience' | 'prevHash' | 'hash'; delta: number }
  | { kind: 'byte'; position: number; char: string; rehash: boolean }
  | { kind: 'insert'; position: number; text: string }
  | { kind: 'forge'; field: 'seq' | 'aseq' | 'audience' | 'talksId'; delta: number }
  | { kind: 'delete' }
  | { kind: 'swap'; other: number }
  | { kind: 'none' };

const STRUCTURAL = ['"', ',', ':', '{', '}', '1', '0', ' ', 'q', 'u', '\\'];

const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({
    kind: fc.constant('column' as const),
    field: fc.constantFrom<('seq' | 'aseq' | 'audience' | 'prevHash' | 'hash')[]>(
      'seq',
      'aseq',
      'audience',
      'prevHash',
      'hash',
    ),
    delta: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('byte' as const),
    position: fc.nat(),
    char: fc.constantFrom(...STRUCTURAL),
    rehash: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    position: fc.nat(),
    text: fc.constantFrom(' ', ',"seq":2', '"aseq":1,'),
  }),
  fc.record({
    kind: fc.constant('forge' as const),
    field: fc.constantFrom<('seq' | 'aseq' | 'audience' | 'talksId')[]>('seq', 'aseq', 'audience', 'talksId'),
    delta: fc.integer({ min: 1, max: 3 }),
  }),
  fc.constant({ kind: 'delete' as const }),
  fc.record({ kind: fc.constant('swap' as const), other: fc.nat() }),
  fc.constant({ kind: 'none' as const }),
);

const tamper = (
  talksId: TalksId,
  sealed: ReturnType<typeof buildChain>,
  index: number,
  change: Tamper,
): RawEntry[] => {
  const entries = sealed.map(({ entry }) => ({ ...entry }));
  const entry = entries[index]!;
  switch (change.kind) {
    case 'none':
      return entries;
    case 'column':
      if (change.field === 'seq' || change.field === 'aseq') entry[change.field] += change.delta;
      else if (change.field === 'audience')
        entry.audience = AUDIENCES[(AUDIENCES.indexOf(entry.audience) + change.delta) % AUDIENCES.length]!;
      else entry[change.field] = sha256(String(change.delta));
      return entries;
    case 'byte':
    case 'insert': {
      const at = change.position % (entry.body.length + 1);
      const text = change.kind === 'byte' ? change.char : change.text;
      entry.body = entry.body.slice(0, at) + text + entry.body.slice(change.kind === 'byte' ? at + 1 : at);
      return change.kind === 'byte' && !change.rehash ? entries : rehashFrom(entries, index);
    }
    case 'forge': {
      const event = { ...sealed[index]!.event };
      if (change.field === 'talksId') event.talksId = newTalksId();
      else if (change.field === 'audience')
        event.audience = AUDIENCES[(AUDIENCES.indexOf(event.audience) + change.delta) % AUDIENCES.length]!;
      else event[change.field] += change.delta;
      entry.body = encodeBody(event);
      return rehashFrom(entries, index);
    }
    case 'delete':
      return entries.filter((_, at) => at !== index);
    case 'swap': {
      const other = change.other % entries.length;
      [entries[index], entries[other]] = [entries[other]!, entries[index]!];
      return entries;
    }
  }
};

describe('the verifier fast paths', () => {
  it('reach the verdict of the plain algorithm, whatever was tampered with, fed as objects or tuples in any pages', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        tamperArb,
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (specs, pick, change, pageSize, named) => {
          const talksId = newTalksId();
          const sealed = buildChain(talksId, specs);
          const entries = tamper(talksId, sealed, pick % sealed.length, change);
          const scope = named ? talksId : undefined;
          const expected = reference(entries, scope);
          expect(verifyEntries(entries, scope)).toEqual(expected);
          expect(verifyRows(entries, scope, pageSize)).toEqual(expected);
        },
      ),
      { numRuns: 1_500 },
    );
  });

  it('checks a body shaped like the previous one against its own columns', () => {
    const talksId = newTalksId();
    const spec: Spec = {
      audience: 'room:p1',
      actor: ACTORS[1]!,
      type: 'message.posted',
      text: 'said',
      nested: false,
    };
    const entries = buildChain(talksId, [spec, spec, spec]).map(({ entry }) => entry);
    expect(verifyRows(entries, talksId, 3)).toEqual(reference(entries, talksId));
    // Same shape (actor and type), but the third row's columns no longer match its body.
    const moved = entries.map((entry, at): RawEntry =>
      at === 2 ? { ...entry, audience: 'joint', aseq: 1 } : entry,
    );
    expect(verifyRows(moved, talksId, 3)).toEqual({
      ok: false,
      seq: 3,
      reason: 'body audience differs from the stored audience',
    });
    const renumbered = entries.map((entry, at) => (at === 2 ? { ...entry, aseq: 2 } : entry));
    expect(verifyRows(renumbered, talksId, 3)).toMatchObject({
      ok: false,
      seq: 3,
      reason: 'body says aseq 3, stored aseq 2',
    });
  });

  it('reports the failing seq in the middle of a page and at its edges', () => {
    const talksId = newTalksId();
    const spec: Spec = {
      audience: 'joint',
      actor: ACTORS[0]!,
      type: 'message.posted',
      text: 'said',
      nested: false,
    };
    const sealed = buildChain(
      talksId,
      Array.from({ length: 12 }, () => spec),
    );
    for (const index of [0, 3, 4, 5, 7, 11]) {
      const entries = tamper(talksId, sealed, index, {
        kind: 'byte',
        position: 400,
        char: 'x',
        rehash: false,
      });
      expect(verifyRows(entries, talksId, 4)).toEqual({
        ok: false,
        seq: index + 1,
        reason: 'hash does not match the stored body',
      });
    }
  });
});
