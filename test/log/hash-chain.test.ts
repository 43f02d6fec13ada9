import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Audience } from '../../shared/src/index.js';
import type { RawEntry } from '../../server/src/log/event-log.js';
import { canonicalJson } from '../../server/src/log/canonical.js';
import {
  ChainVerifier,
  GENESIS_HASH,
  encodeBody,
  parseStoredEvent,
  sealChain,
  sealEvents,
  verifyEntries,
} from '../../server/src/log/hash-chain.js';
import { newEvent, newTalksId } from './new-event.js';

const GENESIS = { seq: 0, hash: GENESIS_HASH };
const AUDIENCES: Audience[] = ['joint', 'room:p1', 'mediation', 'room:p1', 'joint', 'gallery', 'room:p2'];

const sealedChain = (count = AUDIENCES.length) => {
  const talksId = newTalksId();
  const events = Array.from({ length: count }, (_, index) => newEvent(AUDIENCES[index % AUDIENCES.length]!));
  const sealed = sealChain(talksId, GENESIS, new Map(), events, 'command-1');
  return { talksId, sealed, entries: sealed.map(({ entry }) => entry) };
};

const replace = (entries: RawEntry[], index: number, change: Partial<RawEntry>): RawEntry[] =>
  entries.map((entry, at) => (at === index ? { ...entry, ...change } : entry));

describe('sealing events onto a chain', () => {
  it('numbers events from the head and each audience gaplessly from its last aseq', () => {
    const talksId = newTalksId();
    const events = [newEvent('joint'), newEvent('room:p1'), newEvent('joint'), newEvent('mediation')];
    const sealed = sealEvents(
      talksId,
      { seq: 7, hash: 'a'.repeat(64) },
      new Map([['joint', 3]]),
      events,
      null,
    );
    expect(sealed.map((event) => event.seq)).toEqual([8, 9, 10, 11]);
    expect(sealed.map((event) => [event.audience, event.aseq])).toEqual([
      ['joint', 4],
      ['room:p1', 1],
      ['joint', 5],
      ['mediation', 1],
    ]);
  });

  it('links each event to the previous hash, starting from the head', () => {
    const head = { seq: 2, hash: 'b'.repeat(64) };
    const sealed = sealEvents(newTalksId(), head, new Map(), [newEvent('joint'), newEvent('joint')], null);
    expect(sealed[0]!.prevHash).toBe(head.hash);
    expect(sealed[1]!.prevHash).toBe(sealed[0]!.hash);
  });

  it('hashes sha256(prevHash + "\\n" + body) where body is the canonical JSON of the ten stored fields', () => {
    const { talksId, sealed } = sealedChain(1);
    const { event, entry } = sealed[0]!;
    const fields = {
      talksId,
      seq: 1,
      id: event.id,
      type: event.type,
      audience: event.audience,
      aseq: 1,
      at: event.at,
      actor: event.actor,
      payload: event.payload,
      commandId: 'command-1',
    };
    expect(entry.body).toBe(canonicalJson(fields));
    expect(entry.body.startsWith('{"actor":{"displayName":')).toBe(true);
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${entry.body}`, 'utf8').digest('hex');
    expect(entry.hash).toBe(expected);
    expect(event.hash).toBe(expected);
  });

  it('stores only the declared fields, whatever else the caller passes along', () => {
    const event = { ...newEvent('joint'), secret: 'not for the chain' };
    const [sealed] = sealChain(newTalksId(), GENESIS, new Map(), [event], null);
    expect(sealed!.entry.body).not.toContain('not for the chain');
  });

  it('does not change the audience heads it was given', () => {
    const heads = new Map<Audience, number>([['joint', 1]]);
    sealEvents(newTalksId(), GENESIS, heads, [newEvent('joint')], null);
    expect(heads.get('joint')).toBe(1);
  });

  it('parses a stored body back into the same event', () => {
    const { sealed } = sealedChain(3);
    for (const { event, entry } of sealed) {
      expect(parseStoredEvent(entry.body, entry.prevHash, entry.hash)).toEqual(event);
      expect(encodeBody(event)).toBe(entry.body);
    }
  });
});

describe('verifying stored entries', () => {
  it('accepts an intact chain and reports its head and length', () => {
    const { talksId, entries } = sealedChain(20);
    const last = entries.at(-1)!;
    expect(verifyEntries(entries, talksId)).toEqual({
      ok: true,
      count: 20,
      head: { seq: 20, hash: last.hash },
    });
  });

  it('accepts an empty chain at the genesis head', () => {
    expect(verifyEntries([])).toEqual({ ok: true, count: 0, head: GENESIS });
  });

  it('names the entry whose body was changed by one byte', () => {
    const { entries } = sealedChain(10);
    const body = entries[4]!.body.replace('said', 'sa1d');
    expect(verifyEntries(replace(entries, 4, { body }))).toMatchObject({ ok: false, seq: 5 });
  });

  it('names the position of a removed entry', () => {
    const { entries } = sealedChain(10);
    const verdict = verifyEntries(entries.filter((entry) => entry.seq !== 6));
    expect(verdict).toMatchObject({
      ok: false,
      seq: 6,
      reason: expect.stringContaining('missing') as string,
    });
  });

  it('names the first of two reordered entries', () => {
    const { entries } = sealedChain(10);
    const reordered = [...entries];
    [reordered[2], reordered[7]] = [reordered[7]!, reordered[2]!];
    expect(verifyEntries(reordered)).toMatchObject({ ok: false, seq: 3 });
  });

  it('names an entry whose prevHash does not link to its predecessor', () => {
    const { entries } = sealedChain(5);
    expect(verifyEntries(replace(entries, 3, { prevHash: 'c'.repeat(64) }))).toMatchObject({
      ok: false,
      seq: 4,
    });
  });

  it('names an entry whose audience or aseq column disagrees with its body', () => {
    const { entries } = sealedChain(7);
    expect(verifyEntries(replace(entries, 1, { audience: 'joint' }))).toMatchObject({ ok: false, seq: 2 });
    expect(verifyEntries(replace(entries, 2, { aseq: 9 }))).toMatchObject({ ok: false, seq: 3 });
  });

  it('names an entry whose seq column disagrees with its body', () => {
    const { talksId, sealed } = sealedChain(3);
    // A consistent chain whose second body claims another seq.
    const entries = sealed.map(({ entry }) => entry);
    const forged = encodeBody({ ...sealed[1]!.event, seq: 42 });
    const rechained = rehash([entries[0]!, { ...entries[1]!, body: forged }, entries[2]!]);
    expect(verifyEntries(rechained, talksId)).toMatchObject({
      ok: false,
      seq: 2,
      reason: expect.stringContaining('seq 42') as string,
    });
  });

  it('names an entry that leaves a gap in its audience', () => {
    const { sealed } = sealedChain(3);
    const entries = sealed.map(({ entry }) => entry);
    const skipped = encodeBody({ ...sealed[2]!.event, audience: 'joint', aseq: 3 });
    const rechained = rehash([
      entries[0]!,
      entries[1]!,
      { ...entries[2]!, audience: 'joint', aseq: 3, body: skipped },
    ]);
    expect(verifyEntries(rechained)).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringContaining('aseq gap') as string,
    });
  });

  it('names an entry that belongs to another talks', () => {
    const { entries } = sealedChain(3);
    expect(verifyEntries(entries, newTalksId())).toMatchObject({ ok: false, seq: 1 });
  });

  it('reaches the same verdict fed page by page as all at once, and stops at the first bad entry', () => {
    const { entries } = sealedChain(50);
    const verifier = new ChainVerifier();
    for (let start = 0; start < entries.length; start += 7) verifier.feed(entries.slice(start, start + 7));
    expect(verifier.verdict()).toEqual(verifyEntries(entries));

    const broken = replace(entries, 20, { hash: 'd'.repeat(64) });
    const paged = new ChainVerifier();
    const accepted = [
      paged.feed(broken.slice(0, 10)),
      paged.feed(broken.slice(10, 30)),
      paged.feed(broken.slice(30)),
    ];
    expect(accepted).toEqual([true, false, false]);
    expect(paged.verdict()).toMatchObject({ ok: false, seq: 21 });
  });

  it('verifies bodies whose payload imitates the top-level keys', () => {
    const talksId = newTalksId();
    const tricky = newEvent('room:p1', 'x');
    tricky.payload = {
      nested: { aseq: 99, seq: 99, audience: 'joint' },
      text: '","seq":5,"talksId":"t","aseq":7',
    };
    const entries = sealChain(talksId, GENESIS, new Map(), [newEvent('room:p1'), tricky], null).map(
      (s) => s.entry,
    );
    expect(verifyEntries(entries, talksId)).toMatchObject({ ok: true, count: 2 });
    expect(verifyEntries(replace(entries, 1, { aseq: 99 }), talksId)).toMatchObject({ ok: false, seq: 2 });
  });
});

// Recomputes every hash, as a forger with write access to the whole table would.
const rehash = (entries: RawEntry[]): RawEntry[] => {
  let prevHash = GENESIS_HASH;
  return entries.map((entry) => {
    const hash = createHash('sha256').update(`${prevHash}\n${entry.body}`).digest('hex');
    const rehashed = { ...entry, prevHash, hash };
    prevHash = hash;
    return rehashed;
  });
};
