import { randomUUID } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import { LIMITS } from '../../../shared/src/index.js';
import type { Config } from '../config.js';
import { loggerOptions } from './logging.js';

/** Options for `Fastify(...)` that the HTTP edge relies on. */
export function fastifyOptions(config: Config): FastifyServerOptions {
  return {
    logger: loggerOptions(config),
    // Bodies over the limit are refused before parsing, as PAYLOAD_TOO_LARGE.
    bodyLimit: LIMITS.maxMessageBytes,
    trustProxy: config.trustProxy,
    // Request ids are ours, never taken from a client header.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // A client has this long to send its whole request (slow-loris guard).
    requestTimeout: 30_000,
    return503OnClosing: true,
  };
}
