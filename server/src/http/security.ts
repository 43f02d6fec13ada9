import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { DomainError } from '../talks/domain-error.js';
import { FOREIGN_HOST_MESSAGE, hostCheck, type HostCheck } from './host-check.js';

// Headers for a same-origin React app built by Vite: scripts and styles only
// from our own files (no inline code, no eval), sockets only to ourselves,
// never framed, never leaking the URL (invite codes live in it) as a referrer.

export function contentSecurityPolicy(config: Pick<Config, 'publicUrl'>): string {
  const publicOrigin = new URL(config.publicUrl);
  const socketOrigin = `${publicOrigin.protocol === 'https:' ? 'wss' : 'ws'}://${publicOrigin.host}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // 'self' covers same-origin WebSockets in current browsers; the explicit
    // ws(s) origin covers older ones.
    `connect-src 'self' ${socketOrigin}`,
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(config: Pick<Config, 'publicUrl'>): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(config),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (config.publicUrl.startsWith('https:')) {
    headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  }
  return headers;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Adds the security headers to every answer and refuses API writes from a
 * browser page on a foreign origin (the same rule as the socket handshake).
 * Clients that send no Origin (bots, scripts) are not browsers and pass.
 */
export function installSecurity(
  app: FastifyInstance,
  config: Pick<Config, 'publicUrl' | 'allowedOrigins'>,
): void {
  const headers = securityHeaders(config);
  const allowed = new Set(config.allowedOrigins);
  const hostAllowed = hostCheck(config);
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers);
    const api = request.url.startsWith('/api/');
    if (api || request.url === '/health') reply.header('cache-control', 'no-store');
    // [ID9] Every route that acts or reads member data answers only under this server's names.
    if (api && !hostAllowed(request.headers.host)) throw new DomainError('FORBIDDEN', FOREIGN_HOST_MESSAGE);
    if (UNSAFE_METHODS.has(request.method) && !originAllowed(request, allowed, hostAllowed)) {
      throw new DomainError('FORBIDDEN', 'Requests from this web origin are not allowed.');
    }
  });
}

function originAllowed(request: FastifyRequest, allowed: ReadonlySet<string>, hostAllowed: HostCheck): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.has(origin)) return true;
  // A page served by this very host (a dev proxy, an unlisted host name) is same-origin,
  // provided the host is one of ours: a rebound foreign name is not ([ID9]).
  return URL.canParse(origin) && new URL(origin).host === request.headers.host && hostAllowed(request.headers.host);
}
