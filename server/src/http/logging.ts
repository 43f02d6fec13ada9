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
  'connectionString',
  'databaseUrl',
  'DATABASE_URL',
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

/**
 * [FLT4] Enough for an operator to find the fault: type, message, code, stack,
 * the database's own reason (PostgreSQL's severity and routine, SQLite's code),
 * and the cause it wraps. No driver extras beyond those (a `detail` or a query's
 * parameters can quote what was said), and any connection string or password
 * that a message or stack quotes is blanked out.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) {
    return { type: typeof error, message: scrubSecrets(String(error)) };
  }
  const out: Record<string, unknown> = {
    type: error instanceof Error ? error.name : (stringField(error, 'name') ?? stringField(error, 'type') ?? 'object'),
  };
  const message = stringField(error, 'message');
  if (message !== undefined) out.message = scrubSecrets(message);
  for (const key of ['code', 'errno', 'syscall', 'severity', 'routine', 'retryAfterMs'] as const) {
    const value = field(error, key);
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  const stack = stringField(error, 'stack');
  if (stack !== undefined) out.stack = scrubSecrets(stack);
  const cause = field(error, 'cause');
  if (cause !== undefined && depth < 3) out.cause = serializeError(cause, depth + 1);
  const inner = field(error, 'errors');
  if (Array.isArray(inner) && inner.length > 0 && depth < 3) out.errors = inner.slice(0, 3).map((one) => serializeError(one, depth + 1));
  return out;
}

// user:password@ in any URL, and password=... in a key=value connection string.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi;
const PASSWORD_PAIRS = /\b(password|passwd|pwd)\s*[=:]\s*("[^"]*"|'[^']*'|\S+)/gi;

/** [FLT4] Blanks out credentials a driver message may quote. */
export const scrubSecrets = (text: string): string =>
  text.replace(URL_CREDENTIALS, '$1[redacted]@').replace(PASSWORD_PAIRS, '$1=[redacted]');

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;

const stringField = (value: unknown, key: string): string | undefined => {
  const found = field(value, key);
  return typeof found === 'string' ? found : undefined;
};
