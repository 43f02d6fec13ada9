import type { ErrorCode } from '../../../shared/src/errors.js';
import type { InvitePreview } from '../../../shared/src/commands.js';
import type { SessionGrant } from '../../../shared/src/protocol.js';

// The HTTP calls the web app makes: previewing and redeeming an invite, and
// refreshing a session. Everything else travels over the socket.

/** A failed HTTP call, with the server's stable error code (or NETWORK when it never answered). */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const isErrorBody = (body: unknown): body is { error: { code: ErrorCode; message: string } } => {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
};

async function postJson<T>(path: string, body: unknown, fetchImpl: typeof fetch): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new HttpError('NETWORK', 'The server could not be reached.');
  }
  const answer: unknown = await response.json().catch(() => null);
  if (response.ok && answer !== null) return answer as T;
  if (isErrorBody(answer)) throw new HttpError(answer.error.code, answer.error.message);
  throw new HttpError(response.status >= 500 ? 'INTERNAL' : 'INVALID_INPUT', `HTTP ${response.status}`);
}

export const redeemInvite = (
  code: string,
  displayName: string,
  fetchImpl: typeof fetch = fetch,
): Promise<SessionGrant> => postJson<SessionGrant>('/api/invites/redeem', { code, displayName }, fetchImpl);

/** [MB10] What an invite link is for, before signing in. */
export const previewInvite = (code: string, fetchImpl: typeof fetch = fetch): Promise<InvitePreview> =>
  postJson<InvitePreview>('/api/invites/preview', { code }, fetchImpl);

export const refreshSession = (
  refreshToken: string,
  fetchImpl: typeof fetch = fetch,
): Promise<SessionGrant> => postJson<SessionGrant>('/api/session/refresh', { refreshToken }, fetchImpl);
