import { isDeepStrictEqual } from 'node:util';
import type { ErrorCode, WireEvent } from '../../shared/src/index.js';

// The vocabulary of the leak oracle (oracle.ts, agreement-oracle.ts): what it predicts of
// a command, and the events it says a success must produce.

/** Accepted, or refused with one of these codes (several when the rules leave their order open). */
export type Prediction = { ok: true } | { ok: false; codes: ErrorCode[] };

/** An event a success must produce: its type, its one audience, the texts it carries. */
export interface ExpectedEvent {
  type: string;
  audience: string;
  texts: string[];
  matches: (event: WireEvent) => boolean;
}

/** The first group of checks with a failure decides; checks within a group have no fixed order. */
export function judge(...groups: (ErrorCode | false)[][]): Prediction {
  for (const group of groups) {
    const codes = group.filter((code): code is ErrorCode => code !== false);
    if (codes.length > 0) return { ok: false, codes: [...new Set(codes)] };
  }
  return { ok: true };
}

/** An expected event, recognised by its type, its audience and these payload fields. */
export function expectEvent(
  type: string,
  audience: string,
  texts: string[],
  fields: Record<string, unknown> = {},
): ExpectedEvent {
  return {
    type,
    audience,
    texts,
    matches: (wire) => {
      if (wire.type !== type || wire.audience !== audience) return false;
      const payload = wire.payload as unknown as Record<string, unknown>;
      return Object.entries(fields).every(([key, value]) => isDeepStrictEqual(payload[key], value));
    },
  };
}

export const resultId = (result: unknown, key: string): string => {
  const value = (result as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'string') throw new Error(`the answer has no ${key}: ${JSON.stringify(result)}`);
  return value;
};

export const resultNumber = (result: unknown, key: string): number => {
  const value = (result as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'number') throw new Error(`the answer has no ${key}: ${JSON.stringify(result)}`);
  return value;
};
