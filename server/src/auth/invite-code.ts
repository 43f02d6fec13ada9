import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TalksId } from '../../../shared/src/index.js';

// An invite code carries the talks it belongs to (so redemption knows where to
// look) and 24 random bytes (so it cannot be guessed). Only its SHA-256 is
// stored; the code itself is shown once, to the lead mediator who made it.

const SECRET_BYTES = 24;
const UUID_BYTES = 16;

export interface InviteSecret {
  code: string;
  codeHash: string;
}

export const hashInviteCode = (code: string): string => createHash('sha256').update(code).digest('hex');

export function makeInviteCode(talksId: TalksId, random: (n: number) => Buffer = randomBytes): InviteSecret {
  const uuid = Buffer.from(talksId.replaceAll('-', ''), 'hex');
  const code = Buffer.concat([uuid, random(SECRET_BYTES)]).toString('base64url');
  return { code, codeHash: hashInviteCode(code) };
}

/** The talks an invite code claims to belong to, or null if it is not shaped like one. */
export function talksOfInviteCode(code: string): TalksId | null {
  if (!/^[A-Za-z0-9_-]{50,60}$/.test(code)) return null;
  const bytes = Buffer.from(code, 'base64url');
  if (bytes.length !== UUID_BYTES + SECRET_BYTES) return null;
  const hex = bytes.subarray(0, UUID_BYTES).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}` as TalksId;
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
