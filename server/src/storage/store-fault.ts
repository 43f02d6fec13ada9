// Which errors mean "the database or the disk is away" (retry later) rather than
// "this request is wrong" or "Parley has a bug". The reason is a short phrase for
// the UNAVAILABLE message, /health and the log: it never quotes a connection
// string or a parameter.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// node-postgres reports a broken or slow connection by message only.
const PG_CLIENT_MESSAGES: [RegExp, string][] = [
  [/timeout exceeded when trying to connect|connection timeout/i, 'connecting to the database timed out'],
  [/Query read timeout/i, 'the database did not answer in time'],
  [/Connection terminated|not queryable|Client was closed/i, 'the connection to the database broke'],
];

/** PostgreSQL SQLSTATE classes and codes that say the server, not the request, is the problem. */
const pgReason = (code: string): string | undefined => {
  if (code.startsWith('08')) return 'the connection to the database broke';
  if (code === '53100') return "the database's disk is full";
  if (code.startsWith('53')) return 'the database is out of resources';
  if (code === '57014') return 'the database did not answer in time';
  if (code.startsWith('57')) return 'the database is shutting down or restarting';
  if (code === '55P03') return 'a lock in the database was not granted in time';
  if (code === '25006') return 'the database is read-only';
  if (code === '58030') return "the database's disk failed";
  return undefined;
};

const sqliteReason = (code: string): string | undefined => {
  if (code === 'SQLITE_FULL') return 'the disk is full';
  if (code.startsWith('SQLITE_READONLY')) return 'the store is read-only';
  if (code.startsWith('SQLITE_IOERR')) return 'the disk failed to read or write';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'the store is busy';
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the store file cannot be opened';
  return undefined;
};

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;

/** Why the store cannot serve, if `error` is a store fault; undefined for anything else. */
export const storeFaultReason = (error: unknown): string | undefined => {
  const code = field(error, 'code');
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return 'the database cannot be reached';
    const reason = /^SQLITE_/.test(code) ? sqliteReason(code) : /^[0-9A-Z]{5}$/.test(code) ? pgReason(code) : undefined;
    if (reason !== undefined) return reason;
  }
  const message = field(error, 'message');
  if (typeof message === 'string') {
    for (const [pattern, reason] of PG_CLIENT_MESSAGES) if (pattern.test(message)) return reason;
    if (/writer thread stopped/.test(message)) return "the store's writer stopped";
  }
  // AggregateError (a host with several addresses, every one refused) and wrapped causes.
  const inner = field(error, 'errors');
  if (Array.isArray(inner) && inner.length > 0) return storeFaultReason(inner[0]);
  const cause = field(error, 'cause');
  return cause !== undefined && cause !== error ? storeFaultReason(cause) : undefined;
};
