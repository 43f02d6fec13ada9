import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TalksId } from '../../../shared/src/index.js';

// [ID7] An invite code is 32 random bytes and nothing else: holding one tells
// nobody which talks it opens. Only its SHA-256 is stored (in the invite's event,
// and in the store's index from hash to talks); the code itself is shown once, to
// the lead mediator who made it.

const SECRET_BYTES = 32;
const LEGACY_SECRET_BYTES = 24;
const UUID_BYTES = 16;

export interface InviteSecret {
  code: string;
  codeHash: string;
}

export const hashInviteCode = (code: string): string => createHash('sha256').update(code).digest('hex');

export function makeInviteCode(random: (n: number) => Buffer = randomBytes): InviteSecret {
  const code = random(SECRET_BYTES).toString('base64url');
  return { code, codeHash: hashInviteCode(code) };
}

/** Whether a string could be an invite code at all (either format), before any lookup. */
export const isInviteCodeShaped = (code: string): boolean => /^[A-Za-z0-9_-]{40,60}$/.test(code);

/**
 * The talks a code of the earlier format (talks id + 24 random bytes) names. Such
 * codes were issued before codes became opaque; they keep working until they expire
 * (720 hours at most), found this way because the store's index does not know them.
 */
export function talksOfLegacyInviteCode(code: string): TalksId | null {
  if (!/^[A-Za-z0-9_-]{50,60}$/.test(code)) return null;
  const bytes = Buffer.from(code, 'base64url');
  if (bytes.length !== UUID_BYTES + LEGACY_SECRET_BYTES) return null;
  const hex = bytes.subarray(0, UUID_BYTES).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as TalksId;
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
