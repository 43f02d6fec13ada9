import { importJWK, jwtVerify, type JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../shared/src/index.js';
import { buildEdge, jsonOf, type Edge } from './fixture.js';

describe('health, key set and security headers', () => {
  let edge: Edge;

  afterEach(async () => {
    await edge.app.close();
  });

  it('GET /health answers 200 {"status":"ok"} while storage answers', async () => {
    edge = await buildEdge();

    const response = await edge.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"status":"ok"}');
  });

  it('[FLT3] GET /health answers 503 {status, reason} when the store cannot commit, fails, throws or hangs', async () => {
    edge = await buildEdge();
    edge.book.storageUp = false;

    const down = await edge.app.inject({ method: 'GET', url: '/health' });

    expect(down.statusCode).toBe(503);
    expect(jsonOf(down)).toEqual({ status: 'unavailable', reason: 'the store cannot commit' });

    await edge.app.close();
    edge = await buildEdge({ deps: { isHealthy: () => Promise.resolve('the disk is full') } });
    const full = await edge.app.inject({ method: 'GET', url: '/health' });
    expect(full.statusCode).toBe(503);
    expect(jsonOf(full)).toEqual({ status: 'unavailable', reason: 'the disk is full' });

    await edge.app.close();
    edge = await buildEdge({ deps: { isHealthy: () => Promise.reject(new Error('connection refused')) } });
    const thrown = await edge.app.inject({ method: 'GET', url: '/health' });
    expect(thrown.statusCode).toBe(503);

    await edge.app.close();
    edge = await buildEdge({ deps: { isHealthy: () => new Promise<boolean>(() => undefined) } });
    const started = Date.now();
    const hung = await edge.app.inject({ method: 'GET', url: '/health' });
    expect(hung.statusCode).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('[FLT3] GET /health/live answers 200 while the process answers, whatever the store says', async () => {
    edge = await buildEdge({ deps: { isHealthy: () => Promise.resolve(false) } });

    const live = await edge.app.inject({ method: 'GET', url: '/health/live' });

    expect(live.statusCode).toBe(200);
    expect(jsonOf(live)).toEqual({ status: 'live' });
    expect(live.headers['cache-control']).toBe('no-store');
  });

  it('the JWKS holds the public key that verifies issued session tokens, and nothing private', async () => {
    edge = await buildEdge();
    const grant = jsonOf(
      await edge.app.inject({
        method: 'POST',
        url: '/api/invites/redeem',
        payload: { code: edge.book.invite(), displayName: 'Amira' },
      }),
    ) as SessionGrant;

    const response = await edge.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/jwk-set\+json/);
    const { keys } = jsonOf(response) as { keys: JWK[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toHaveProperty('d');
    const key = await importJWK(keys[0] ?? {}, 'EdDSA');
    const verified = await jwtVerify(grant.token, key, { algorithms: ['EdDSA'], audience: 'parley:session' });
    expect(verified.protectedHeader.kid).toBe(keys[0]?.kid);
  });

  it('every answer, errors included, carries the security headers', async () => {
    edge = await buildEdge();

    for (const url of ['/health', '/no-such-page', '/.well-known/jwks.json']) {
      const response = await edge.app.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    }
  });

  it('adds HSTS only when the public URL is https', async () => {
    edge = await buildEdge({ env: { PARLEY_PUBLIC_URL: 'https://talks.example.org' } });
    const secure = await edge.app.inject({ method: 'GET', url: '/health' });
    await edge.app.close();
    edge = await buildEdge();
    const plain = await edge.app.inject({ method: 'GET', url: '/health' });

    expect(secure.headers['strict-transport-security']).toMatch(/^max-age=/);
    expect(secure.headers['content-security-policy']).toContain('wss://talks.example.org');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('refuses API writes from a web page on a foreign origin, and accepts allowed ones', async () => {
    edge = await buildEdge();
    const redeemFrom = (origin: string) =>
      edge.app.inject({
        method: 'POST',
        url: '/api/invites/redeem',
        headers: { origin },
        payload: { code: edge.book.invite(), displayName: 'Amira' },
      });

    const foreign = await redeemFrom('https://evil.example');
    const allowed = await redeemFrom('http://localhost:3000');

    expect(foreign.statusCode).toBe(403);
    expect(jsonOf(foreign)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(allowed.statusCode).toBe(200);
  });

  it('[ID9] refuses a DNS-rebound request (Origin and Host both a foreign name) on every API route', async () => {
    edge = await buildEdge({ env: { PARLEY_PUBLIC_URL: 'https://talks.example.org' } });
    const code = edge.book.invite();
    const rebound = { origin: 'http://evil.example:3000', host: 'evil.example:3000' };
    const write = await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      headers: rebound,
      payload: { code, displayName: 'Amira' },
    });
    const read = await edge.app.inject({ method: 'GET', url: '/api/anything', headers: { host: 'evil.example' } });
    expect(write.statusCode).toBe(403);
    expect(jsonOf(write)).toEqual({ error: { code: 'FORBIDDEN', message: 'This server does not answer under that host name.' } });
    expect(read.statusCode).toBe(403);
    // The invite was not touched: under the server's own name it still works.
    const own = await edge.app.inject({
      method: 'POST',
      url: '/api/invites/redeem',
      headers: { origin: 'https://talks.example.org', host: 'talks.example.org' },
      payload: { code, displayName: 'Amira' },
    });
    expect(own.statusCode).toBe(200);
    // Direct access by address is never a rebinding.
    const byAddress = await edge.app.inject({ method: 'POST', url: '/api/session/refresh', headers: { host: '127.0.0.1:3000' }, payload: { refreshToken: 'x' } });
    expect(byAddress.statusCode).not.toBe(403);
  });
});
