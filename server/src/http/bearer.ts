import type { FastifyRequest } from 'fastify';
import type { MemberView } from '../../../shared/src/index.js';
import { DomainError } from '../talks/domain-error.js';
import type { HttpDeps } from './routes.js';

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/i;

/**
 * The member behind `Authorization: Bearer <session token>`, for authenticated
 * routes. Throws UNAUTHENTICATED (or AUTH_EXPIRED) when the header is missing,
 * the token does not verify, or the member was removed since it was issued, or
 * its session was ended (a reused refresh token, a re-entry).
 */
export async function bearerMember(
  request: FastifyRequest,
  deps: Pick<HttpDeps, 'tokens' | 'findSessionMember'>,
): Promise<MemberView> {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) throw new DomainError('UNAUTHENTICATED');
  const claims = await deps.tokens.verifySession(token);
  const member = await deps.findSessionMember(claims);
  if (member === undefined) throw new DomainError('UNAUTHENTICATED');
  return member;
}
