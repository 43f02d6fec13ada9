import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../../../shared/src/index.js';
import type { HttpDeps } from './routes.js';

const STORAGE_DOWN: ErrorBody = { code: 'INTERNAL', message: 'Storage is not answering.' };

export function registerPublicRoutes(app: FastifyInstance, deps: Pick<HttpDeps, 'isHealthy' | 'keys'>): void {
  // Probes poll this every few seconds: only failures are worth a log line.
  app.get('/health', { logLevel: 'warn' }, async (request, reply) => {
    if (await storageAnswers(deps)) return { status: 'ok' };
    request.log.warn('health check: storage is not answering');
    // 503, not 500: a load balancer should take this node out, not page anyone about a bug.
    return reply.code(503).send({ error: STORAGE_DOWN });
  });

  const jwks = JSON.stringify(deps.keys.jwks);
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.type('application/jwk-set+json').header('cache-control', 'public, max-age=300').send(jwks),
  );
}

async function storageAnswers(deps: Pick<HttpDeps, 'isHealthy'>): Promise<boolean> {
  try {
    return await deps.isHealthy();
  } catch {
    return false;
  }
}
