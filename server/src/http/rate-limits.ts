import type { FastifyRequest } from 'fastify';
import { DomainError } from '../talks/domain-error.js';

export interface RateLimit {
  /** Requests allowed per client address within the window. */
  max: number;
  timeWindowMs: number;
}

export interface RateLimits {
  redeem: RateLimit;
  refresh: RateLimit;
}

// Generous enough for a whole delegation signing in from one hotel network,
// tight enough that hammering the sign-in routes gets nowhere. Counts are per
// process: with several nodes each keeps its own.
export const DEFAULT_RATE_LIMITS: RateLimits = {
  redeem: { max: 30, timeWindowMs: 60_000 },
  refresh: { max: 60, timeWindowMs: 60_000 },
};

/** @fastify/rate-limit throws what this returns; the error handler turns it into the RATE_LIMITED body. */
export const rateLimitErrorBuilder = (_request: FastifyRequest, context: { after: string }): DomainError =>
  new DomainError('RATE_LIMITED', `Too many attempts from this address: try again in ${context.after}.`);
