import type { SessionGrant } from '../../../shared/src/protocol.js';

// The session survives a reload in localStorage. Only the grant is kept: the
// events themselves are fetched again from the server on every start.

const KEY = 'parley.session';

const isGrant = (value: unknown): value is SessionGrant => {
  if (typeof value !== 'object' || value === null) return false;
  const grant = value as Partial<SessionGrant>;
  return (
    typeof grant.token === 'string' &&
    typeof grant.refreshToken === 'string' &&
    typeof grant.expiresAt === 'string' &&
    typeof grant.refreshExpiresAt === 'string' &&
    typeof grant.member === 'object' &&
    grant.member !== null &&
    typeof grant.member.talksId === 'string'
  );
};

/** The stored grant, or null when there is none or it can no longer be refreshed. */
export function loadSession(now: number = Date.now()): SessionGrant | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw === null) return null;
    const grant: unknown = JSON.parse(raw);
    if (!isGrant(grant)) return null;
    if (Date.parse(grant.refreshExpiresAt) <= now) {
      localStorage.removeItem(KEY);
      return null;
    }
    return grant;
  } catch {
    return null;
  }
}

export function saveSession(grant: SessionGrant): void {
  localStorage.setItem(KEY, JSON.stringify(grant));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/**
 * How long to wait before refreshing: a safety margin before expiry (a fifth of
 * the token's life, at most a minute), and never negative.
 */
export function refreshDelayMs(
  grant: Pick<SessionGrant, 'expiresAt'>,
  now: number,
  issuedAt: number = now,
): number {
  const expiresAt = Date.parse(grant.expiresAt);
  const life = Math.max(0, expiresAt - issuedAt);
  const margin = Math.min(60_000, life / 5);
  return Math.max(0, expiresAt - margin - now);
}
