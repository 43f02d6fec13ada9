import type { FastifyInstance } from 'fastify';
import {
  redeemRequestSchema,
  refreshRequestSchema,
  type MemberView,
  type SessionGrant,
} from '../../../shared/src/index.js';
import { DomainError, isDomainError } from '../talks/domain-error.js';
import { parseBody } from './body.js';
import type { RateLimit, RateLimits } from './rate-limits.js';
import type { HttpDeps } from './routes.js';

type SessionDeps = Pick<HttpDeps, 'tokens' | 'redeemInvite' | 'findActiveMember'>;

const routeLimit = (limit: RateLimit) => ({ rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } });

export function registerSessionRoutes(app: FastifyInstance, deps: SessionDeps, limits: RateLimits): void {
  app.post(
    '/api/invites/redeem',
    { config: routeLimit(limits.redeem) },
    async (request): Promise<SessionGrant> => {
      const { code, displayName } = parseBody(redeemRequestSchema, request.body);
      const member = await redeemOrRefuse(deps, code, displayName);
      return deps.tokens.issueSession(member);
    },
  );

  app.post(
    '/api/session/refresh',
    { config: routeLimit(limits.refresh) },
    async (request): Promise<SessionGrant> => {
      const { refreshToken } = parseBody(refreshRequestSchema, request.body);
      const claims = await deps.tokens.verifyRefresh(refreshToken);
      // A refresh token outlives a removal: the member is looked up afresh every time.
      const member = await deps.findActiveMember(claims.talksId, claims.memberId);
      if (member === undefined) throw new DomainError('UNAUTHENTICATED');
      return deps.tokens.issueSession(member);
    },
  );
}

/**
 * Whatever the store says is wrong with a code (unknown, used, revoked,
 * expired, a lost race), the caller hears the one INVITE_INVALID answer, so
 * nobody can probe which codes exist.
 */
async function redeemOrRefuse(deps: SessionDeps, code: string, displayName: string): Promise<MemberView> {
  try {
    return await deps.redeemInvite(code, displayName);
  } catch (error) {
    if (isDomainError(error) && !['INVALID_INPUT', 'RATE_LIMITED', 'INTERNAL'].includes(error.code)) {
      throw new DomainError('INVITE_INVALID');
    }
    throw error;
  }
}
