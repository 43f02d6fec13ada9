import type { ParleySocket } from './types.js';

/**
 * The address a socket's per-address budget is kept under. Behind a reverse proxy
 * every socket comes from the proxy, so with PARLEY_TRUST_PROXY the first address of
 * X-Forwarded-For counts instead (the same rule Fastify applies to HTTP requests).
 */
export function clientAddress(socket: ParleySocket, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = socket.handshake.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return socket.handshake.address;
}
