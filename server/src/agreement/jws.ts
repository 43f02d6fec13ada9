import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { algorithmOf, SIGNATURE_TYP } from '../../../shared/src/agreement.js';
import type { PublicSigningJwk } from '../../../shared/src/index.js';

// A strict, synchronous check of a compact JWS against one public key, for the rules
// (decide is synchronous; jose verifies only asynchronously). It accepts exactly what
// Parley's signatures are: the algorithm the key implies (ES256 for P-256, EdDSA for
// Ed25519), typ parley-signature+jws, no critical extensions, a JSON payload. The
// offline verifier checks the same signatures again with jose.

export type JwsCheck = { ok: true; payload: unknown } | { ok: false; reason: string };

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const decodeJson = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** The public members of a key, as stored and exported: whatever else a client sent is dropped. */
export const publicMembers = (jwk: PublicSigningJwk): PublicSigningJwk =>
  jwk.kty === 'EC'
    ? { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }
    : { kty: 'OKP', crv: 'Ed25519', x: jwk.x };

function keyObject(jwk: PublicSigningJwk): KeyObject | undefined {
  try {
    return createPublicKey({ key: { ...publicMembers(jwk) }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Whether the JWK is a public key the platform can verify with (a P-256 point on the curve, an Ed25519 key). */
export const isUsablePublicKey = (jwk: PublicSigningJwk): boolean => keyObject(jwk) !== undefined;

function headerProblem(header: unknown, jwk: PublicSigningJwk): string | undefined {
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    return 'the header is not a JSON object';
  const fields = header as Record<string, unknown>;
  const alg = algorithmOf(jwk);
  if (fields.alg !== alg) return `the algorithm must be ${alg} for this key`;
  if (fields.typ !== SIGNATURE_TYP) return `the typ header must be ${SIGNATURE_TYP}`;
  if ('crit' in fields || 'b64' in fields) return 'no critical header extensions are accepted';
  return undefined;
}

/** Verifies a compact JWS with the given public key; never throws. */
export function verifyCompactJws(jws: string, jwk: PublicSigningJwk): JwsCheck {
  const parts = jws.split('.');
  const [header, payload, signature] = parts;
  if (
    parts.length !== 3 ||
    header === undefined ||
    payload === undefined ||
    signature === undefined ||
    !parts.every((part) => BASE64URL.test(part))
  ) {
    return { ok: false, reason: 'it is not a compact JWS' };
  }
  try {
    const problem = headerProblem(decodeJson(header), jwk);
    if (problem) return { ok: false, reason: problem };
    const key = keyObject(jwk);
    if (!key) return { ok: false, reason: 'the key is not usable' };
    const data = Buffer.from(`${header}.${payload}`, 'ascii');
    const bytes = Buffer.from(signature, 'base64url');
    const valid =
      jwk.kty === 'EC'
        ? bytes.length === 64 && verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, bytes)
        : verify(null, data, key, bytes);
    if (!valid) return { ok: false, reason: 'the signature does not verify with the registered key' };
    return { ok: true, payload: decodeJson(payload) };
  } catch {
    return { ok: false, reason: 'it is not a compact JWS' };
  }
}
