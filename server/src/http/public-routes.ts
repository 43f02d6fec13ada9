import type { FastifyInstance } from 'fastify';
import type { HttpDeps } from './routes.js';

/** [FLT3] /health never takes longer than this, whatever the store does. */
const HEALTH_ANSWER_MS = 950;

export function registerPublicRoutes(app: FastifyInstance, deps: Pick<HttpDeps, 'isHealthy' | 'keys'>): void {
  registerHealthRoutes(app, deps.isHealthy);

  const jwks = JSON.stringify(deps.keys.jwks);
  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.type('application/jwk-set+json').header('cache-control', 'public, max-age=300').send(jwks),
  );
}

/**
 * [FLT3] Readiness and liveness, each for what it is for. `/health` is 200 only
 * while the store can commit (a balancer takes the node out otherwise; 503, not
 * 500: nobody should be paged about a bug); `/health/live` only says the process
 * answers (a container restart helps a hung process, never a database outage).
 * Also served by the start-up server while the node waits for its database.
 */
export function registerHealthRoutes(app: FastifyInstance, isHealthy: HttpDeps['isHealthy']): void {
  // Probes poll these every few seconds: only failures are worth a log line.
  app.get('/health', { logLevel: 'warn' }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const health = await storageHealth(isHealthy);
    if (health === true) return { status: 'ok' };
    request.log.warn({ reason: health }, 'health check: the store cannot commit');
    return reply.code(503).send({ status: 'unavailable', reason: health });
  });
  app.get('/health/live', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'live' };
  });
}

async function storageHealth(isHealthy: HttpDeps['isHealthy']): Promise<true | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('the store did not answer in time'), HEALTH_ANSWER_MS);
  });
  try {
    const answer = await Promise.race([isHealthy(), late]);
    if (answer === true) return true;
    return typeof answer === 'string' ? answer : 'the store cannot commit';
  } catch {
    return 'the store cannot commit';
  } finally {
    clearTimeout(timer);
  }
}
