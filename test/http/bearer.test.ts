import { afterEach, describe, expect, it } from 'vitest';
import { FIXED_MESSAGES, type SessionGrant } from '../../shared/src/index.js';
import { bearerMember } from '../../server/src/http/bearer.js';
import { buildEdge, jsonOf, type Edge } from './fixture.js';

describe('bearer authentication for HTTP routes', () => {
  let edge: Edge;

  afterEach(async () => {
    await edge.app.close();
  });

  // An authenticated route as later features (audit export) will write one.
  const build = () =>
    buildEdge({
      routes: (app, deps) => {
        app.get('/api/whoami', async (request) => bearerMember(request, deps));
      },
    });

  const signIn = async (): Promise<SessionGrant> =>
    jsonOf(
      await edge.app.inject({
        method: 'POST',
        url: '/api/invites/redeem',
        payload: { code: edge.book.invite(), displayName: 'Amira' },
      }),
    ) as SessionGrant;

  const whoami = (authorization?: string) =>
    edge.app.inject({ method: 'GET', url: '/api/whoami', headers: authorization ? { authorization } : {} });

  it('a valid session token names its member', async () => {
    edge = await build();
    const grant = await signIn();

    const response = await whoami(`Bearer ${grant.token}`);

    expect(response.statusCode).toBe(200);
    expect(jsonOf(response)).toEqual(grant.member);
  });

  it('no header, another scheme, or a refresh token is UNAUTHENTICATED', async () => {
    edge = await build();
    const grant = await signIn();
    const unauthenticated = { error: { code: 'UNAUTHENTICATED', message: FIXED_MESSAGES.UNAUTHENTICATED } };

    for (const header of [undefined, `Basic ${grant.token}`, `Bearer ${grant.refreshToken}`, 'Bearer ']) {
      const response = await whoami(header);
      expect(response.statusCode).toBe(401);
      expect(jsonOf(response)).toEqual(unauthenticated);
    }
  });

  it('a member removed after the token was issued is UNAUTHENTICATED', async () => {
    edge = await build();
    const grant = await signIn();
    edge.book.remove(grant.member.id);

    const response = await whoami(`Bearer ${grant.token}`);

    expect(jsonOf(response)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });
});
