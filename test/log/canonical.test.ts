import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../server/src/log/canonical.js';
import { encodeBody, type EventBody } from '../../server/src/log/hash-chain.js';

// The chain's bytes must never change (docs/storage.md): Parley's own encoder is
// held against the reference package it replaced, on arbitrary values.
const reference = (value: unknown): string | Error => {
  try {
    return canonicalize(value) ?? new TypeError('no JSON representation');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
};

const ours = (value: unknown): string | Error => {
  try {
    return canonicalJson(value);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
};

const sameAsReference = (value: unknown): void => {
  const expected = reference(value);
  const actual = ours(value);
  if (typeof expected === 'string') expect(actual).toBe(expected);
  else expect(actual).toBeInstanceOf(Error);
};

describe('canonical JSON (RFC 8785)', () => {
  it('writes exactly what the canonicalize package writes, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), sameAsReference), { numRuns: 2_000 });
  });

  it('writes exactly what the canonicalize package writes, for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (key, text) =>
        sameAsReference({ [key]: text, list: [text] }),
      ),
      { numRuns: 500 },
    );
  });

  it('sorts keys by UTF-16 code units, writes numbers as ECMAScript does, and honours toJSON', () => {
    const value = {
      é: 1,
      z: [1e21, 1e-7, -0, 0.1, undefined, 2 ** 53],
      A: { at: new Date(0), skipped: undefined },
      '😀': true,
      '\uff61': null,
    };
    expect(canonicalJson(value)).toBe(reference(value));
    expect(canonicalJson(value)).toBe(
      '{"A":{"at":"1970-01-01T00:00:00.000Z"},"z":[1e+21,1e-7,0,0.1,null,9007199254740992],"é":1,"😀":true,"｡":null}',
    );
  });

  it('writes an event body as canonical JSON of its ten fields, whatever the payload and even with a field missing', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record({
          talksId: fc.string(),
          seq: fc.nat(),
          id: fc.string(),
          type: fc.string(),
          audience: fc.string(),
          aseq: fc.nat(),
          at: fc.string(),
          actor: fc.record({ id: fc.option(fc.string()), role: fc.string(), partyId: fc.option(fc.string()), displayName: fc.string() }),
          payload: fc.dictionary(fc.string(), fc.jsonValue()),
          commandId: fc.option(fc.string()),
        }),
        fc.constantFrom('none', 'at', 'commandId', 'payload'),
        field,
        (body, replaced, value) => {
          const event = (replaced === 'none' ? body : { ...body, [replaced]: value }) as unknown as EventBody;
          const tenFields = {
            talksId: event.talksId,
            seq: event.seq,
            id: event.id,
            type: event.type,
            audience: event.audience,
            aseq: event.aseq,
            at: event.at,
            actor: event.actor,
            payload: event.payload,
            commandId: event.commandId,
          };
          expect(encodeBody(event)).toBe(reference(tenFields));
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('refuses what has no canonical form: NaN, infinities, lone surrogates, cycles', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '\ud800', { ['\udc00']: 1 }, cycle, undefined]) {
      expect(() => canonicalJson(value)).toThrow();
      expect(reference(value)).toBeInstanceOf(Error);
    }
  });
});
