import { randomUUID } from 'node:crypto';
import { SignJWT, base64url, decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MemberView } from '../../shared/src/index.js';
import { FIXED_MESSAGES } from '../../shared/src/index.js';
import type { SigningKeys } from '../../server/src/auth/keys.js';
import type { TokenService } from '../../server/src/auth/tokens.js';
import { T0, aMember, fixedClock, newSigningKeys, tokenServiceFor } from './fixtures.js';

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

interface Forgery {
  typ?: string;
  aud?: string;
  iss?: string;
  jti?: string | null;
  key?: SigningKeys;
}

/** A token shaped like ours, with one thing changed. */
async function forge(keys: SigningKeys, member: MemberView, change: Forgery = {}): Promise<string> {
  const signer = change.key ?? keys;
  const jwt = new SignJWT({ tid: member.talksId, role: member.role, pid: member.partyId })
    .setProtectedHeader({ alg: 'EdDSA', typ: change.typ ?? 'parley-session+jwt', kid: signer.kid })
    .setIssuer(change.iss ?? 'parley')
    .setAudience(change.aud ?? 'parley:session')
    .setSubject(member.id)
    .setIssuedAt(seconds(T0))
    .setExpirationTime(seconds(T0) + 900);
  if (change.jti !== null) jwt.setJti(change.jti ?? randomUUID());
  return jwt.sign(signer.privateKey);
}

const encodeJson = (value: unknown): string => base64url.encode(JSON.stringify(value));

async function expectRefused(
  promise: Promise<unknown>,
  code: 'UNAUTHENTICATED' | 'AUTH_EXPIRED',
): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'DomainError', code, message: FIXED_MESSAGES[code] });
}

describe('session tokens', () => {
  let keys: SigningKeys;
  let tokens: TokenService;
  const member = aMember();

  beforeAll(async () => {
    keys = await newSigningKeys();
    tokens = tokenServiceFor(keys);
  });

  it('a freshly issued session token verifies and names its member, talks, role and party', async () => {
    const grant = await tokens.issueSession(member);

    const claims = await tokens.verifySession(grant.token);

    expect(claims).toEqual({
      memberId: member.id,
      talksId: member.talksId,
      role: member.role,
      partyId: member.partyId,
      jti: expect.any(String) as string,
      exp: seconds(T0) + 900,
      familyId: expect.any(String) as string,
      epoch: 0,
      generation: 0,
    });
    expect(grant.member).toEqual(member);
    expect(grant.expiresAt).toBe('2030-01-01T12:15:00.000Z');
    expect(grant.refreshExpiresAt).toBe('2030-01-08T12:00:00.000Z');
  });

  it('a mediator token carries a null party', async () => {
    const mediator = aMember({ role: 'lead-mediator', partyId: null });
    const grant = await tokens.issueSession(mediator);

    await expect(tokens.verifySession(grant.token)).resolves.toMatchObject({
      role: 'lead-mediator',
      partyId: null,
    });
  });

  it('session and refresh tokens carry pinned headers and distinct audiences', async () => {
    const grant = await tokens.issueSession(member);
    expect(decodeProtectedHeader(grant.token)).toEqual({
      alg: 'EdDSA',
      typ: 'parley-session+jwt',
      kid: keys.kid,
    });
    expect(decodeProtectedHeader(grant.refreshToken)).toEqual({
      alg: 'EdDSA',
      typ: 'parley-refresh+jwt',
      kid: keys.kid,
    });
    expect(decodeJwt(grant.token)).toMatchObject({
      iss: 'parley',
      aud: 'parley:session',
      sub: member.id,
      tid: member.talksId,
    });
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = encodeJson({ alg: 'none', typ: 'parley-session+jwt' });
    const payload = encodeJson({
      iss: 'parley',
      aud: 'parley:session',
      sub: member.id,
      tid: member.talksId,
      role: member.role,
      pid: member.partyId,
      jti: randomUUID(),
      iat: seconds(T0),
      exp: seconds(T0) + 900,
    });

    await expectRefused(tokens.verifySession(`${header}.${payload}.`), 'UNAUTHENTICATED');
  });

  it('refuses a token signed with the public key as an HMAC secret (algorithm confusion)', async () => {
    const [jwk] = keys.jwks.keys;
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const token = await new SignJWT({ tid: member.talksId, role: member.role, pid: member.partyId })
      .setProtectedHeader({ alg: 'HS256', typ: 'parley-session+jwt' })
      .setIssuer('parley')
      .setAudience('parley:session')
      .setSubject(member.id)
      .setJti(randomUUID())
      .setIssuedAt(seconds(T0))
      .setExpirationTime(seconds(T0) + 900)
      .sign(secret);

    await expectRefused(tokens.verifySession(token), 'UNAUTHENTICATED');
  });

  it('refuses a token signed with another key', async () => {
    const otherKeys = await newSigningKeys();
    await expectRefused(
      tokens.verifySession(await forge(keys, member, { key: otherKeys })),
      'UNAUTHENTICATED',
    );
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(
      tokens.verifySession(await forge(keys, member, { aud: 'someone-else' })),
      'UNAUTHENTICATED',
    );
  });

  it('refuses a token from another issuer', async () => {
    await expectRefused(
      tokens.verifySession(await forge(keys, member, { iss: 'not-parley' })),
      'UNAUTHENTICATED',
    );
  });

  it('refuses a token with the wrong typ header', async () => {
    await expectRefused(tokens.verifySession(await forge(keys, member, { typ: 'JWT' })), 'UNAUTHENTICATED');
  });

  it('refuses a token without a jti', async () => {
    await expectRefused(tokens.verifySession(await forge(keys, member, { jti: null })), 'UNAUTHENTICATED');
  });

  it('answers AUTH_EXPIRED for a session token past its expiry', async () => {
    const clock = fixedClock();
    const timed = tokenServiceFor(keys, clock.now);
    const grant = await timed.issueSession(member);

    clock.advance(900 + 60);

    await expectRefused(timed.verifySession(grant.token), 'AUTH_EXPIRED');
    await expect(timed.verifyRefresh(grant.refreshToken)).resolves.toMatchObject({ memberId: member.id });
  });

  it('answers AUTH_EXPIRED for a refresh token past its expiry', async () => {
    const clock = fixedClock();
    const timed = tokenServiceFor(keys, clock.now);
    const grant = await timed.issueSession(member);

    clock.advance(7 * 86_400 + 60);

    await expectRefused(timed.verifyRefresh(grant.refreshToken), 'AUTH_EXPIRED');
  });

  it('never accepts a refresh token as a session token', async () => {
    const grant = await tokens.issueSession(member);
    await expectRefused(tokens.verifySession(grant.refreshToken), 'UNAUTHENTICATED');
  });

  it('never accepts a session token as a refresh token', async () => {
    const grant = await tokens.issueSession(member);
    await expectRefused(tokens.verifyRefresh(grant.token), 'UNAUTHENTICATED');
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const grant = await tokens.issueSession(member);
    const [header, , signature] = grant.token.split('.');
    const tampered = encodeJson({ ...decodeJwt(grant.token), role: 'lead-mediator', pid: null });

    await expectRefused(tokens.verifySession(`${header}.${tampered}.${signature}`), 'UNAUTHENTICATED');
  });

  it('refuses garbage', async () => {
    await expectRefused(tokens.verifySession('not-a-token'), 'UNAUTHENTICATED');
    await expectRefused(tokens.verifySession(''), 'UNAUTHENTICATED');
  });
});
