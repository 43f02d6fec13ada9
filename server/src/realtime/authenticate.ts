import type { IncomingMessage } from 'node:http';
import { FIXED_MESSAGES, type ErrorBody, type ErrorCode } from '../../../shared/src/index.js';
import type { TalksService } from '../app/talks-service.js';
import type { TokenService } from '../auth/tokens.js';
import { hostCheck } from '../http/host-check.js';
import { isDomainError } from '../talks/domain-error.js';
import type { ParleySocket } from './types.js';

/** A handshake refusal: the client reads `err.message` (the code) and `err.data` ({ code, message }). */
export class HandshakeError extends Error {
  readonly data: ErrorBody;
  constructor(code: ErrorCode, message: string, retryAfterMs?: number) {
    super(code);
    this.data = { code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
}

/**
 * WebSockets ignore CORS, so the Origin is checked here: a browser page from anywhere
 * else cannot open a socket with a user's token. Non-browser clients send no Origin.
 */
export function originCheck(allowedOrigins: readonly string[], publicUrl: string) {
  // [ID9] The handshake also has to name this server in its Host (DNS rebinding).
  const hostAllowed = hostCheck({ publicUrl, allowedOrigins: [...allowedOrigins] });
  return (request: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    const origin = request.headers.origin;
    if (!hostAllowed(request.headers.host)) {
      callback('FORBIDDEN', false);
      return;
    }
    callback(null, origin === undefined || allowedOrigins.includes(origin));
  };
}

/** The handshake middleware: a missing, bad or expired token, or a removed member, or a
 * session ended by a reused refresh token or a re-entry, is refused. */
export function authenticate(tokens: TokenService, service: TalksService) {
  return async (socket: ParleySocket, next: (err?: Error) => void) => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
      next(new HandshakeError('UNAUTHENTICATED', FIXED_MESSAGES.UNAUTHENTICATED));
      return;
    }
    try {
      const claims = await tokens.verifySession(token);
      const member = await service.findSessionMember(claims);
      if (!member) throw new HandshakeError('UNAUTHENTICATED', FIXED_MESSAGES.UNAUTHENTICATED);
      socket.data = {
        talksId: claims.talksId,
        memberId: claims.memberId,
        expiresAt: claims.exp * 1000,
        connectedAt: Date.now(),
        familyId: claims.familyId,
        epoch: claims.epoch,
      };
      next();
    } catch (error) {
      if (error instanceof HandshakeError) next(error);
      else if (isDomainError(error) && error.code === 'AUTH_EXPIRED') next(new HandshakeError('AUTH_EXPIRED', FIXED_MESSAGES.AUTH_EXPIRED));
      else if (isDomainError(error)) next(new HandshakeError('UNAUTHENTICATED', FIXED_MESSAGES.UNAUTHENTICATED));
      else next(new HandshakeError('INTERNAL', FIXED_MESSAGES.INTERNAL));
    }
  };
}
