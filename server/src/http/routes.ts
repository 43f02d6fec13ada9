import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { InvitePreview, MemberView } from '../../../shared/src/index.js';
import type { SessionRenewal } from '../app/talks-service.js';
import type { SigningKeys } from '../auth/keys.js';
import type { SessionClaims, TokenService } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { registerAgreementRoutes, type AgreementSource } from './agreement-routes.js';
import { installErrorHandling } from './errors.js';
import { registerPublicRoutes } from './public-routes.js';
import { DEFAULT_RATE_LIMITS, rateLimitErrorBuilder, type RateLimits } from './rate-limits.js';
import { installSecurity } from './security.js';
import { registerSessionRoutes } from './session-routes.js';

/** What the HTTP edge needs from the rest of the server; TalksService provides the member operations. */
export interface HttpDeps {
  config: Config;
  tokens: TokenService;
  keys: SigningKeys;
  /**
   * Redeems a single-use invite; throws DomainError('INVITE_INVALID') for unknown, used, revoked or
   * expired codes. A re-entry link answers the existing member and the epoch of its new sessions.
   */
  redeemInvite(code: string, displayName: string): Promise<MemberView & { sessionEpoch?: number }>;
  /** [MB10] What a pending invite is for; throws DomainError('INVITE_INVALID') for every bad code. */
  previewInvite(code: string): Promise<InvitePreview>;
  /** [ID8] The member behind a verified session token if it is active and the session still holds, else undefined. */
  findSessionMember(claims: SessionClaims): Promise<MemberView | undefined>;
  /** [ID6] Uses a verified refresh token once; throws UNAUTHENTICATED when its session no longer holds. */
  renewSession(claims: SessionClaims): Promise<SessionRenewal>;
  /** [FLT3] true while the store can commit (for /health); otherwise false or the reason; a throw means it cannot. */
  isHealthy(): Promise<boolean | string>;
  /** Per-address limits on the sign-in routes; tests lower them. */
  rateLimits?: RateLimits;
  /** The talks as a member may read it, for the export of the agreement; without it the routes are absent. */
  agreement?: AgreementSource;
}

/**
 * Registers the HTTP edge on the root instance: security headers, error and
 * not-found handling, health, JWKS, invite redemption and token refresh.
 * Call it before registerClient and before any other route.
 */
export async function registerHttp(app: FastifyInstance, deps: HttpDeps): Promise<void> {
  installSecurity(app, deps.config);
  installErrorHandling(app);
  await app.register(rateLimit, { global: false, errorResponseBuilder: rateLimitErrorBuilder });
  registerPublicRoutes(app, deps);
  registerSessionRoutes(app, deps, deps.rateLimits ?? DEFAULT_RATE_LIMITS);
  if (deps.agreement) registerAgreementRoutes(app, { ...deps, agreement: deps.agreement });
}
