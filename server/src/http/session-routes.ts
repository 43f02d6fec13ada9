import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  invitePreviewRequestSchema,
  redeemRequestSchema,
  type InvitePreview,
  refreshRequestSchema,
  type MemberView,
  type SessionGrant,
} from '../../../shared/src/index.js';
import { DomainError, isDomainError } from '../talks/domain-error.js';
import { parseBody } from './body.js';
import type { RateLimit, RateLimits } from './rate-limits.js';
import type { HttpDeps } from './routes.js';

type SessionDeps = Pick<HttpDeps, 'tokens' | 'redeemInvite' | 'renewSession' | 'previewInvite'>;

const routeLimit = (limit: RateLimit) => ({ rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } });

export function registerSessionRoutes(app: FastifyInstance, deps: SessionDeps, limits: RateLimits): void {
  app.post(
    '/api/invites/redeem',
    { config: routeLimit(limits.redeem) },
    async (request): Promise<SessionGrant> => {
      const { code, displayName } = parseBody(redeemRequestSchema, request.body);
      const member = await redeemOrRefuse(deps, code, displayName);
      // Each sign-in starts a family of its own: its refresh tokens descend from this one.
      return deps.tokens.issueSession(member, { familyId: randomUUID(), epoch: member.sessionEpoch ?? 0, generation: 0 });
    },
  );

  // [MB10] POST, not GET: the code stays out of URLs, and so out of access logs and history.
  // Limited like redemption, with which it shares the one INVITE_INVALID for every bad code.
  app.post(
    '/api/invites/preview',
    { config: routeLimit(limits.redeem) },
    async (request): Promise<InvitePreview> => {
      const { code } = parseBody(invitePreviewRequestSchema, request.body);
      try {
        return await deps.previewInvite(code);
      } catch (error) {
        if (isDomainError(error) && !['RATE_LIMITED', 'INTERNAL'].includes(error.code)) {
          throw new DomainError('INVITE_INVALID');
        }
        throw error;
      }
    },
  );

  app.post(
    '/api/session/refresh',
    { config: routeLimit(limits.refresh) },
    async (request): Promise<SessionGrant> => {
      const { refreshToken } = parseBody(refreshRequestSchema, request.body);
      const claims = await deps.tokens.verifyRefresh(refreshToken);
      // [ID6] Each refresh token works once; the member is looked up afresh every time
      // (a refresh token outlives a removal).
      const renewal = await deps.renewSession(claims);
      if (renewal.outcome === 'reused') {
        // Ids only: the token itself never reaches the log.
        request.log.warn(
          { talksId: claims.talksId, memberId: renewal.memberId, familyId: renewal.familyId },
          'refresh token reused: every session of its family is revoked',
        );
        throw new DomainError('UNAUTHENTICATED');
      }
      return deps.tokens.issueSession(renewal.member, renewal.lineage);
    },
  );
}

/**
 * Whatever the store says is wrong with a code (unknown, used, revoked,
 * expired, a lost race), the caller hears the one INVITE_INVALID answer, so
 * nobody can probe which codes exist.
 */
async function redeemOrRefuse(
  deps: SessionDeps,
  code: string,
  displayName: string,
): Promise<MemberView & { sessionEpoch?: number }> {
  try {
    return await deps.redeemInvite(code, displayName);
  } catch (error) {
    if (isDomainError(error) && !['INVALID_INPUT', 'RATE_LIMITED', 'INTERNAL'].includes(error.code)) {
      throw new DomainError('INVITE_INVALID');
    }
    throw error;
  }
}
