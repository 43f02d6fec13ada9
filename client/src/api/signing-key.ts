import {
  algorithmOf,
  canonicalInputOf,
  SIGNATURE_TYP,
  signaturePayloadJson,
  textHashOf,
  type SignaturePayload,
} from '../../../shared/src/agreement.js';
import type { SharedVersion } from '../../../shared/src/events.js';
import type { PartyId, TalksId } from '../../../shared/src/ids.js';
import type { PublicSigningJwk } from '../../../shared/src/model.js';

// A head's signing key and signature, made in the browser with WebCrypto: the private
// half is created non-extractable and never leaves the browser; only the public JWK is
// registered. The compact JWS is built by hand (docs/protocol.md §13.4) rather than with
// jose: WebCrypto's ECDSA signature is already the r‖s that ES256 wants, and jose's
// Uint8Array realm checks fail under jsdom, where the room's signing flow is tested.

/** A key pair as the browser keeps it: a private CryptoKey and the public JWK that was registered. */
export interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: PublicSigningJwk;
  createdAt: string;
}

const encode = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

/** base64url without padding (RFC 7515 §2). */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Only the public members of an exported JWK: what the server stores and every bundle carries. */
export function publicJwkOf(jwk: JsonWebKey): PublicSigningJwk {
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.x && jwk.y)
    return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && jwk.x) return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
  throw new Error('Not a P-256 or Ed25519 public key.');
}

export const sameKey = (a: PublicSigningJwk | null, b: PublicSigningJwk | null): boolean =>
  a !== null &&
  b !== null &&
  a.kty === b.kty &&
  a.crv === b.crv &&
  a.x === b.x &&
  (a.kty === 'OKP' || (b.kty === 'EC' && a.y === b.y));

/** A fresh ECDSA P-256 (ES256) key pair whose private half cannot be exported, even by this app. */
export async function generateSigningKey(now: () => Date = () => new Date()): Promise<SigningKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const publicJwk = publicJwkOf(await crypto.subtle.exportKey('jwk', pair.publicKey));
  return { privateKey: pair.privateKey, publicJwk, createdAt: now().toISOString() };
}

/** The RFC 7638 thumbprint (SHA-256, base64url): what a head reads out to compare keys. */
export async function jwkThumbprint(jwk: PublicSigningJwk): Promise<string> {
  // The required members only, in lexicographic order, no whitespace.
  const members =
    jwk.kty === 'EC'
      ? JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })
      : JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encode(members))));
}

/** A compact JWS over the signature payload, with header { alg, typ: parley-signature+jws } and nothing else. */
export async function signPayload(key: SigningKey, payload: SignaturePayload): Promise<string> {
  const alg = algorithmOf(key.publicJwk);
  const header = base64url(encode(JSON.stringify({ alg, typ: SIGNATURE_TYP })));
  const body = base64url(encode(signaturePayloadJson(payload)));
  const input = `${header}.${body}`;
  const params = alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'Ed25519' };
  const signature = await crypto.subtle.sign(params, key.privateKey, encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/** The hash of a shared version as every party computes it: title, parties, every language (§13.3). */
export const versionHash = (
  talks: { title: string; parties: { id: string; name: string }[] },
  version: Pick<SharedVersion, 'authenticLanguage' | 'clauses' | 'glossary'>,
): Promise<string> => textHashOf(canonicalInputOf(talks, version));

/** Everything `agreement.sign` needs for the version the head holds: its hash and the JWS over it. */
export async function signVersion(
  key: SigningKey,
  talks: { id: TalksId; title: string; parties: { id: string; name: string }[] },
  version: SharedVersion,
  partyId: PartyId,
): Promise<{ textHash: string; jws: string }> {
  const textHash = await versionHash(talks, version);
  const jws = await signPayload(key, { talksId: talks.id, version: version.version, textHash, partyId });
  return { textHash, jws };
}
