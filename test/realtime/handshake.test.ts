import { request as httpRequest } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCast, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { PARLEY_SESSION_TTL_SECONDS: '60' } });
});
afterAll(async () => {
  await server.close();
});

describe('the socket handshake', () => {
  it('[ID1] refuses a missing or malformed token with UNAUTHENTICATED', async () => {
    await expect(server.connect('')).rejects.toThrow('UNAUTHENTICATED');
    await expect(server.connect('not-a-token')).rejects.toThrow('UNAUTHENTICATED');
  });

  it('[ID1] refuses a token signed with another key', async () => {
    const cast = await openCast(server);
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    void exportJWK;
    const forged = await new SignJWT({ tid: cast.talksId, role: 'lead-mediator', pid: null })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'parley-session+jwt' })
      .setSubject(cast.lead.grant.member.id)
      .setIssuer('parley')
      .setAudience('parley:session')
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(server.connect(forged)).rejects.toThrow('UNAUTHENTICATED');
  });

  it('[ID3] refuses a browser origin that is not on the allowlist', async () => {
    const cast = await openCast(server);
    await expect(server.connect(cast.lead.grant.token, { origin: 'https://evil.example' })).rejects.toThrow();
    const allowed = await server.connect(cast.lead.grant.token, { origin: server.config.allowedOrigins[0] });
    expect(allowed.socket.connected).toBe(true);
  });
});

describe('[ID9] the socket handshake names this server', () => {
  it('[ID9] refuses a handshake whose Host is a foreign name (DNS rebinding)', async () => {
    // fetch may not set Host: a plain request does.
    const statusWithHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port: server.port, path: '/socket.io/?EIO=4&transport=polling', headers: { host } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        );
        request.on('error', reject);
        request.end();
      });
    expect(await statusWithHost('evil.example')).toBe(403);
    expect(await statusWithHost(`127.0.0.1:${server.port}`)).toBe(200);
  });
});
