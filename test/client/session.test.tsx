import { afterEach, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../shared/src/protocol.js';
import { HttpError } from '../../client/src/api/http.js';
import { SessionKeeper } from '../../client/src/api/session-keeper.js';
import {
  clearSession,
  loadSession,
  refreshDelayMs,
  saveSession,
} from '../../client/src/api/session-storage.js';
import { member } from './support/render.js';

const grantExpiring = (expiresAt: string, token = 't1'): SessionGrant => ({
  token,
  expiresAt,
  refreshToken: `refresh-${token}`,
  refreshExpiresAt: '2999-01-01T00:00:00.000Z',
  member: member('head', 'Nils North'),
});

afterEach(() => clearSession());

describe('the session survives a reload and is refreshed before it expires', () => {
  it('stores and reloads the grant', () => {
    const grant = grantExpiring('2999-01-01T00:00:00.000Z');
    saveSession(grant);
    expect(loadSession()).toEqual(grant);
  });

  it('forgets a grant that can no longer be refreshed', () => {
    saveSession({
      ...grantExpiring('2000-01-01T00:00:00.000Z'),
      refreshExpiresAt: '2000-01-02T00:00:00.000Z',
    });
    expect(loadSession(Date.parse('2001-01-01'))).toBeNull();
    expect(localStorage.getItem('parley.session')).toBeNull();
  });

  it('refreshes a fifth of the token’s life before expiry, at most a minute early, never late', () => {
    const now = Date.parse('2025-01-01T12:00:00Z');
    expect(refreshDelayMs({ expiresAt: '2025-01-01T12:15:00Z' }, now)).toBe(14 * 60_000);
    expect(refreshDelayMs({ expiresAt: '2025-01-01T12:01:40Z' }, now)).toBe(80_000);
    expect(refreshDelayMs({ expiresAt: '2025-01-01T11:00:00Z' }, now)).toBe(0);
  });

  it('stores the refreshed grant and hands it on', async () => {
    const renewed: string[] = [];
    const keeper = new SessionKeeper(grantExpiring('2999-01-01T00:00:00.000Z'), {
      refresh: (refreshToken) =>
        Promise.resolve(grantExpiring('2999-01-01T00:00:00.000Z', `after-${refreshToken}`)),
      onRenewed: (grant) => renewed.push(grant.token),
    });
    expect(await keeper.refresh()).toBe(true);
    expect(keeper.token()).toBe('after-refresh-t1');
    expect(renewed).toEqual(['after-refresh-t1']);
    expect(loadSession()?.token).toBe('after-refresh-t1');
    keeper.stop();
  });

  it('[ID6] takes the newer grant another tab already refreshed, instead of reusing a spent refresh token', async () => {
    const presented: string[] = [];
    const keeper = new SessionKeeper(grantExpiring('2998-01-01T00:00:00.000Z'), {
      refresh: (refreshToken) => {
        presented.push(refreshToken);
        return Promise.resolve(grantExpiring('2999-06-01T00:00:00.000Z', 'never'));
      },
    });
    // Another tab of the same browser refreshed first and stored its grant.
    saveSession(grantExpiring('2999-01-01T00:00:00.000Z', 'other-tab'));
    expect(await keeper.refresh()).toBe(true);
    expect(keeper.token()).toBe('other-tab');
    expect(presented).toEqual([]);
    keeper.stop();
  });

  it('ends the session when the server refuses the refresh', async () => {
    let ended = 0;
    const keeper = new SessionKeeper(grantExpiring('2999-01-01T00:00:00.000Z'), {
      refresh: () => Promise.reject(new HttpError('UNAUTHENTICATED', 'no')),
      onEnded: () => (ended += 1),
    });
    expect(await keeper.refresh()).toBe(false);
    expect(ended).toBe(1);
  });
});
