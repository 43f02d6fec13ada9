import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningJwk, loadSigningKeys, signingKeyPath } from '../../server/src/auth/keys.js';
import { tokenServiceFor, aMember } from './fixtures.js';

describe('session signing keys', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-keys-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('makes a key on first start, readable by its owner only', async () => {
    const keys = await loadSigningKeys({ dataDir, signingKey: undefined });

    const file = await stat(signingKeyPath(dataDir));
    expect(file.mode & 0o777).toBe(0o600);
    expect(keys.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('reuses the stored key on the next start, so earlier tokens still verify', async () => {
    const first = await loadSigningKeys({ dataDir, signingKey: undefined });
    const grant = await tokenServiceFor(first).issueSession(aMember());

    const second = await loadSigningKeys({ dataDir, signingKey: undefined });

    expect(second.kid).toBe(first.kid);
    expect(second.jwks).toEqual(first.jwks);
    await expect(tokenServiceFor(second).verifySession(grant.token)).resolves.toMatchObject({
      memberId: grant.member.id,
    });
  });

  it('two processes starting at once end up with one and the same key', async () => {
    const [a, b] = await Promise.all([
      loadSigningKeys({ dataDir, signingKey: undefined }),
      loadSigningKeys({ dataDir, signingKey: undefined }),
    ]);

    expect(a.kid).toBe(b.kid);
  });

  it('tightens a key file that was left readable by others', async () => {
    await loadSigningKeys({ dataDir, signingKey: undefined });
    await chmod(signingKeyPath(dataDir), 0o644);

    await loadSigningKeys({ dataDir, signingKey: undefined });

    expect((await stat(signingKeyPath(dataDir))).mode & 0o777).toBe(0o600);
  });

  it('takes the key from PARLEY_SIGNING_KEY when given, and writes no file', async () => {
    const jwk = await generateSigningJwk();

    const keys = await loadSigningKeys({ dataDir, signingKey: JSON.stringify(jwk) });

    expect(keys.kid).toBe(jwk.kid);
    await expect(readFile(signingKeyPath(dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('publishes only the public half in the JWKS', async () => {
    const keys = await loadSigningKeys({ dataDir, signingKey: undefined });

    expect(keys.jwks.keys).toHaveLength(1);
    expect(Object.keys(keys.jwks.keys[0] ?? {}).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });

  it('refuses a signing key that is not a private Ed25519 JWK', async () => {
    const { d: _secret, ...publicOnly } = await generateSigningJwk();

    await expect(loadSigningKeys({ dataDir, signingKey: JSON.stringify(publicOnly) })).rejects.toThrow(
      /private Ed25519 JWK/,
    );
    await expect(loadSigningKeys({ dataDir, signingKey: '{not json' })).rejects.toThrow(/not valid JSON/);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', '\n'],
    ['cut short', '{"kty":"OKP","crv":"Ed2'],
    ['not a private key', '{"kty":"OKP","crv":"Ed25519","x":"abc"}'],
  ])('[FLT6] stops at start on a key file that is %s, naming the file and how to recover, and keeps it', async (_what, text) => {
    const keyFile = signingKeyPath(dataDir);
    await loadSigningKeys({ dataDir, signingKey: undefined });
    await writeFile(keyFile, text);

    const refused = loadSigningKeys({ dataDir, signingKey: undefined });

    await expect(refused).rejects.toThrow(keyFile);
    await expect(refused).rejects.toThrow(/Restore the file from a backup.*delete the file/s);
    expect(await readFile(keyFile, 'utf8')).toBe(text);
  });

  it('[FLT6] writes the key under a temporary name and leaves no temporary file behind', async () => {
    await Promise.all([1, 2, 3].map(() => loadSigningKeys({ dataDir, signingKey: undefined })));

    expect(await readdir(join(dataDir, 'keys'))).toEqual(['session-signing.jwk.json']);
  });
});
