import type { LoggerOptions } from 'pino';
import type { Config } from '../config.js';

// Operational logs carry ids, codes, status and timing, never content: no
// bodies, no query strings (an invite link carries its code there), no
// headers (tokens), no client addresses (where a delegation sits is itself
// confidential). Serializers build each entry from an allowlist; redaction is
// a second net for anything logged by hand.

const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'token',
  'refreshToken',
  'codeHash',
  'inviteCode',
  'displayName',
  'text',
  'body',
  'payload',
  'password',
  'signingKey',
];

export const REDACT_PATHS = [...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => `*.${key}`), 'invite.code'];

/** pino options for Fastify's `logger` option (add `stream` to send the lines elsewhere). */
export function loggerOptions(config: Pick<Config, 'logLevel'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest, res: serializeReply, err: serializeError },
  };
}

/** Method and path only: the query string is where invite codes travel. */
export function serializeRequest(request: unknown): Record<string, unknown> {
  const method = stringField(request, 'method');
  const url = stringField(request, 'url') ?? '';
  return { method, path: url.split('?')[0] };
}

export function serializeReply(reply: unknown): Record<string, unknown> {
  return { statusCode: field(reply, 'statusCode') };
}

/** Enough for an operator to find the fault; no driver extras (they can quote parameters). */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  return { type: error.name, message: error.message, code: field(error, 'code'), stack: error.stack };
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;

const stringField = (value: unknown, key: string): string | undefined => {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
};
