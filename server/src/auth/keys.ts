import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { Config } from '../config.js';
import { syncDirectory, writeFileDurably } from '../files/durable-file.js';

// The server signs session tokens with one Ed25519 key. It is made on first
// start and kept in the data folder (owner-only), or handed in through
// PARLEY_SIGNING_KEY when several nodes must share it.

export const SIGNING_ALG = 'EdDSA';
const FILE_MODE = 0o600;

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof SIGNING_ALG;
  use: 'sig';
}

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
  /** The public half only, as served at /.well-known/jwks.json. */
  jwks: { keys: PublicJwk[] };
}

export const signingKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'session-signing.jwk.json');

/** Loads the signing key from PARLEY_SIGNING_KEY or the data folder, making one on first start. */
export async function loadSigningKeys(config: Pick<Config, 'dataDir' | 'signingKey'>): Promise<SigningKeys> {
  const jwk =
    config.signingKey !== undefined ? parseJwk(config.signingKey) : await readOrCreateKeyFile(config.dataDir);
  return keysFromPrivateJwk(jwk);
}

/** Turns a private Ed25519 JWK into usable keys; refuses anything else. */
export async function keysFromPrivateJwk(jwk: JWK): Promise<SigningKeys> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || typeof jwk.d !== 'string') {
    throw new Error(
      'The session signing key must be a private Ed25519 JWK (kty OKP, crv Ed25519, with x and d).',
    );
  }
  const publicJwk: PublicJwk = {
    kty: 'OKP',
    crv: 'Ed25519',
    x: jwk.x,
    kid: jwk.kid ?? (await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x })),
    alg: SIGNING_ALG,
    use: 'sig',
  };
  const privateKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, SIGNING_ALG);
  const publicKey = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, SIGNING_ALG);
  if (!isCryptoKey(privateKey) || !isCryptoKey(publicKey)) {
    throw new Error('The session signing key could not be imported.');
  }
  return { privateKey, publicKey, kid: publicJwk.kid, jwks: { keys: [publicJwk] } };
}

/** A fresh private JWK with its kid, for first start and for tests. */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: SIGNING_ALG, use: 'sig' };
}

async function readOrCreateKeyFile(dataDir: string): Promise<JWK> {
  const path = signingKeyPath(dataDir);
  const existing = await readKeyFile(path);
  if (existing !== undefined) return existing;
  const made = await mkdir(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
  // A new keys folder is itself a new name in the data folder: flush that too.
  if (made !== undefined) await syncDirectory(dataDir);
  // [FLT6] Written under a temporary name, fsynced, then linked into place and the
  // folder fsynced: a second process starting at the same moment either wins the
  // link or reads the winner's key, nobody ever reads a half-written file, and a
  // crash never leaves an empty key behind.
  await writeFileDurably(path, `${JSON.stringify(await generateSigningJwk())}\n`, {
    mode: FILE_MODE,
    exclusive: true,
  });
  const created = await readKeyFile(path);
  if (created === undefined) throw new Error(`The session signing key at ${path} vanished while starting.`);
  return created;
}

async function readKeyFile(path: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  // [FLT6] Never a new key made silently over the old one: every session would end.
  if (text.trim() === '') throw new KeyFileError(path, 'is empty');
  // A key copied around with a looser mode is tightened back: it signs every session.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, FILE_MODE);
  try {
    const jwk = parseJwk(text, path);
    await keysFromPrivateJwk(jwk);
    return jwk;
  } catch {
    throw new KeyFileError(path, 'cannot be read as a private Ed25519 key');
  }
}

/** [FLT6] The key file exists but is unusable: stop, and say how to recover. */
export class KeyFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(
      `The session signing key file ${path} ${problem}. Parley stops rather than make a new key over it. ` +
        'Restore the file from a backup (or set PARLEY_SIGNING_KEY to the same key), or, to start over ' +
        'with a new key, delete the file: every member then has to sign in again.',
    );
    this.name = 'KeyFileError';
  }
}

function parseJwk(text: string, source = 'PARLEY_SIGNING_KEY'): JWK {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`The session signing key in ${source} is not valid JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`The session signing key in ${source} is not a JWK object.`);
  }
  return value;
}

const isCryptoKey = (key: CryptoKey | Uint8Array): key is CryptoKey => !(key instanceof Uint8Array);

const errorCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
const isMissing = (error: unknown): boolean => errorCode(error) === 'ENOENT';
