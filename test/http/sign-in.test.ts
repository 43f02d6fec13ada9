import { afterEach, describe, expect, it } from 'vitest';
import { FIXED_MESSAGES, type SessionGrant } from '../../shared/src/index.js';
import { DomainError } from '../../server/src/talks/domain-error.js';
import { fixedClock, tokenServiceFor } from '../auth/fixtures.js';
import { buildEdge, jsonOf, type Edge } from './fixture.js';

const INVITE_INVALID = { error: { code: 'INVITE_INVALID', message: FIXED_MESSAGES.INVITE_INVALID } };
const UNAUTHENTICATED = { error: { code: 'UNAUTHENTICATED', message: FIXED_MESSAGES.UNAUTHENTICATED } };

describe('signing in over HTTP', () => {
  let edge: Edge;

  afterEach(async () => {
    await edge.app.close();
  });

  const redeem = (payload: Record<string, unknown>) =>
    edge.app.inject({ method: 'POST', url: '/api/invites/redeem', payload });
  const refresh = (refreshToken: string) =>
    edge.app.inject({ method: 'POST', url: '/api/session/refresh', payload: { refreshToken } });

  it('redeeming a valid invite answers a session grant for the new member', async () => {
    edge = await buildEdge();
    const code = edge.book.invite('head');

    const response = await redeem({ code, displayName: '  Amira Haddad ' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const grant = jsonOf(response) as SessionGrant;
    expect(grant).toEqual({
      token: expect.any(String) as string,
      expiresAt: expect.any(String) as string,
      refreshToken: expect.any(String) as string,
      refreshExpiresAt: expect.any(String) as string,
      member: {
        id: expect.any(String) as string,
        talksId: edge.book.talksId,
        role: 'head',
        partyId: edge.book.partyId,
        displayName: 'Amira Haddad',
      },
    });
    await expect(edge.tokens.verifySession(grant.token)).resolves.toMatchObject({
      memberId: grant.member.id,
    });
  });

  it('an unknown code and an already used code get one and the same answer', async () => {
    edge = await buildEdge();
    const code = edge.book.invite();
    await redeem({ code, displayName: 'First' });

    const used = await redeem({ code, displayName: 'Second' });
    const unknown = await redeem({ code: `${code.slice(0, -4)}AAAA`, displayName: 'Second' });

    expect(used.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    expect(jsonOf(used)).toEqual(INVITE_INVALID);
    expect(used.body).toBe(unknown.body);
  });

  it('whatever the store objects to in a code, the caller hears INVITE_INVALID', async () => {
    edge = await buildEdge({
      deps: {
        redeemInvite: () => Promise.reject(new DomainError('NOT_FOUND', 'No invite 1234 in talks 5678.')),
      },
    });

    const response = await redeem({ code: 'whatever', displayName: 'Someone' });

    expect(jsonOf(response)).toEqual(INVITE_INVALID);
  });

  it('a redeem request without a display name is INVALID_INPUT and names the field', async () => {
    edge = await buildEdge();
    const code = edge.book.invite();

    const response = await redeem({ code, displayName: '   ' });

    expect(response.statusCode).toBe(400);
    expect(jsonOf(response)).toEqual({
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^displayName: /) as string },
    });
  });

  it('a redeem request with unexpected fields is INVALID_INPUT', async () => {
    edge = await buildEdge();

    const response = await redeem({ code: edge.book.invite(), displayName: 'A', role: 'lead-mediator' });

    expect(jsonOf(response)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('a refresh token of an active member gets a new grant', async () => {
    edge = await buildEdge();
    const first = jsonOf(await redeem({ code: edge.book.invite(), displayName: 'Amira' })) as SessionGrant;

    const response = await refresh(first.refreshToken);

    expect(response.statusCode).toBe(200);
    const second = jsonOf(response) as SessionGrant;
    expect(second.member).toEqual(first.member);
    expect(second.token).not.toBe(first.token);
    await expect(edge.tokens.verifySession(second.token)).resolves.toMatchObject({
      memberId: first.member.id,
    });
  });

  it('a refresh token of a member removed since is refused as UNAUTHENTICATED', async () => {
    edge = await buildEdge();
    const grant = jsonOf(await redeem({ code: edge.book.invite(), displayName: 'Amira' })) as SessionGrant;
    edge.book.remove(grant.member.id);

    const response = await refresh(grant.refreshToken);

    expect(response.statusCode).toBe(401);
    expect(jsonOf(response)).toEqual(UNAUTHENTICATED);
  });

  it('a session token offered as a refresh token is refused', async () => {
    edge = await buildEdge();
    const grant = jsonOf(await redeem({ code: edge.book.invite(), displayName: 'Amira' })) as SessionGrant;

    const response = await refresh(grant.token);

    expect(jsonOf(response)).toEqual(UNAUTHENTICATED);
  });

  it('an expired refresh token is AUTH_EXPIRED', async () => {
    const clock = fixedClock();
    edge = await buildEdge();
    const timed = tokenServiceFor(edge.keys, clock.now);
    await edge.app.close();
    edge = await buildEdge({ tokens: timed });
    const grant = jsonOf(await redeem({ code: edge.book.invite(), displayName: 'Amira' })) as SessionGrant;

    clock.advance(8 * 86_400);
    const response = await refresh(grant.refreshToken);

    expect(response.statusCode).toBe(401);
    expect(jsonOf(response)).toEqual({
      error: { code: 'AUTH_EXPIRED', message: FIXED_MESSAGES.AUTH_EXPIRED },
    });
  });
});
