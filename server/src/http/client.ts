import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../talks/domain-error.js';

// Serves the Vite build (dist/client). Hashed assets are cached for good;
// index.html never is, so a new deployment is picked up on the next load.
// Any other GET that looks like a page (no file extension, not the API)
// gets index.html and the client's router takes over.

const NOT_BUILT = "Parley's web client is not built yet: run `npm run build`, then restart the server.\n";

export async function registerClient(app: FastifyInstance, clientDir: string): Promise<void> {
  const root = resolve(clientDir);
  const built = existsSync(resolve(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      // One route per file found at start: unknown paths fall through to the page fallback below.
      wildcard: false,
      index: false,
      setHeaders: (reply, path) => {
        reply.header('cache-control', cacheControlFor(path));
      },
    });
  }
  app.get('/*', async (request, reply) => {
    if (!isPagePath(request)) throw notFound();
    if (!built) return reply.type('text/plain; charset=utf-8').send(NOT_BUILT);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
}

const cacheControlFor = (path: string): string =>
  /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';

function isPagePath(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '/';
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/socket.io')) return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}
