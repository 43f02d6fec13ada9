import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_STORE_DEADLINES, type StoreDeadlines } from './storage/store-deadlines.js';

export { DEFAULT_STORE_DEADLINES, type StoreDeadlines };

// The only reader of process.env. Everything the server can be told from the
// outside is parsed here, once, at start-up; a bad value stops the start with
// a message naming every bad variable (never echoing a value: some are secrets).

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const FANOUTS = ['local', 'postgres', 'redis'] as const;
const SYNCHRONOUS_MODES = ['FULL', 'NORMAL'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];
export type Fanout = (typeof FANOUTS)[number];
export type SqliteSynchronous = (typeof SYNCHRONOUS_MODES)[number];

export interface Config {
  port: number;
  host: string;
  /** Absolute path of the folder holding the SQLite file and the signing key. */
  dataDir: string;
  /** Which event log adapter to use: PostgreSQL when DATABASE_URL is a postgres:// URL. */
  store: 'sqlite' | 'postgres';
  databaseUrl: string | undefined;
  /** The PostgreSQL schema holding Parley's tables (`public` unless PARLEY_PG_SCHEMA says otherwise). */
  postgresSchema: string | undefined;
  /** Base of invite links, without a trailing slash. */
  publicUrl: string;
  /** Origins (scheme://host[:port]) allowed to open a socket or call the API from a browser. */
  allowedOrigins: string[];
  logLevel: LogLevel;
  /** A private Ed25519 JWK as JSON; when absent the key lives in `<dataDir>/keys`. */
  signingKey: string | undefined;
  sessionTtlSeconds: number;
  refreshTtlSeconds: number;
  fanout: Fanout;
  redisUrl: string;
  sqliteSynchronous: SqliteSynchronous;
  trustProxy: boolean;
  /** What one member (and one client address) may ask of the server: see docs/operations.md. */
  budgets: BudgetConfig;
  /** Deadlines on the store (docs/operations.md, "Tuning the deadlines"). */
  storeDeadlines: StoreDeadlines;
  /** How long a node waits for its database at start before giving up, in ms. */
  storeStartWaitMs: number;
}

export interface BudgetConfig {
  /** Sockets one member may hold open at once (on all nodes); a newer one closes the oldest. */
  socketsPerMember: number;
  /** Socket messages per second per member, across its sockets (bursts of three seconds' worth). */
  messagesPerSecond: number;
  /** KiB of read answers per second per member (bursts of four seconds' worth). */
  readKibPerSecond: number;
  /** How many members' worth of budget one client address gets (0: no per-address budget). */
  addressFactor: number;
}

export const DEFAULT_STORE_START_WAIT_MS = 300_000;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Parley cannot start: the configuration is not valid.\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

const integer = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number ${what}`);

const httpUrl = z
  .string()
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must be an http(s) URL',
  );

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};

const envSchema = z.object({
  PORT: integer(0, 65_535, 'between 0 and 65535').default(3000),
  HOST: z.string().default('127.0.0.1'),
  PARLEY_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave it unset for the embedded SQLite store)')
    .optional(),
  PARLEY_PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier (letters, digits, _)')
    .optional(),
  PARLEY_PUBLIC_URL: httpUrl.optional(),
  PARLEY_ALLOWED_ORIGINS: z.string().optional(),
  PARLEY_LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
  PARLEY_SIGNING_KEY: z.string().optional(),
  PARLEY_SESSION_TTL_SECONDS: integer(30, 86_400, 'of seconds between 30 and 86400').default(900),
  PARLEY_REFRESH_TTL_SECONDS: integer(60, 90 * 86_400, 'of seconds between 60 and 7776000').default(
    7 * 86_400,
  ),
  PARLEY_FANOUT: z.enum(FANOUTS, `must be one of ${FANOUTS.join(', ')}`).default('local'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  PARLEY_SQLITE_SYNCHRONOUS: z.enum(SYNCHRONOUS_MODES, 'must be FULL or NORMAL').default('FULL'),
  PARLEY_DB_CONNECT_TIMEOUT_MS: integer(100, 600_000, 'of milliseconds between 100 and 600000').default(
    DEFAULT_STORE_DEADLINES.connectMs,
  ),
  PARLEY_DB_QUERY_TIMEOUT_MS: integer(100, 600_000, 'of milliseconds between 100 and 600000').default(
    DEFAULT_STORE_DEADLINES.queryMs,
  ),
  PARLEY_DB_COMMIT_TIMEOUT_MS: integer(100, 600_000, 'of milliseconds between 100 and 600000').default(
    DEFAULT_STORE_DEADLINES.commitMs,
  ),
  PARLEY_DB_START_WAIT_SECONDS: integer(0, 86_400, 'of seconds between 0 and 86400').default(
    DEFAULT_STORE_START_WAIT_MS / 1000,
  ),
  PARLEY_TRUST_PROXY: z
    .string()
    .refine((value) => value.toLowerCase() in BOOLEAN_WORDS, 'must be true or false')
    .transform((value) => BOOLEAN_WORDS[value.toLowerCase()] === true)
    .default(false),
  PARLEY_SOCKETS_PER_MEMBER: integer(1, 1000, 'between 1 and 1000').default(8),
  PARLEY_MEMBER_MESSAGES_PER_SECOND: integer(1, 100_000, 'between 1 and 100000').default(20),
  PARLEY_MEMBER_READ_KIB_PER_SECOND: integer(16, 10_000_000, 'between 16 and 10000000').default(1024),
  PARLEY_ADDRESS_BUDGET_FACTOR: integer(0, 100_000, 'between 0 and 100000').default(50),
});

type Env = Record<string, string | undefined>;

/** Reads the configuration; throws a ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const parsed = envSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const vars = parsed.data;
  const problems: string[] = [];
  const publicUrl = (vars.PARLEY_PUBLIC_URL ?? `http://localhost:${vars.PORT}`).replace(/\/+$/, '');
  const allowedOrigins = parseOrigins(vars.PARLEY_ALLOWED_ORIGINS, publicUrl, vars.PORT, problems);
  if (vars.PARLEY_REFRESH_TTL_SECONDS < vars.PARLEY_SESSION_TTL_SECONDS) {
    problems.push('PARLEY_REFRESH_TTL_SECONDS: must not be shorter than PARLEY_SESSION_TTL_SECONDS');
  }
  if (vars.PARLEY_FANOUT === 'postgres' && vars.DATABASE_URL === undefined) {
    problems.push('PARLEY_FANOUT: postgres fan-out needs DATABASE_URL to name a PostgreSQL database');
  }
  if (vars.PARLEY_SIGNING_KEY !== undefined && !looksLikeJsonObject(vars.PARLEY_SIGNING_KEY)) {
    problems.push('PARLEY_SIGNING_KEY: must be a private JWK written as JSON');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir: resolve(vars.PARLEY_DATA_DIR),
    store: vars.DATABASE_URL === undefined ? 'sqlite' : 'postgres',
    databaseUrl: vars.DATABASE_URL,
    postgresSchema: vars.PARLEY_PG_SCHEMA,
    publicUrl,
    allowedOrigins,
    logLevel: vars.PARLEY_LOG_LEVEL,
    signingKey: vars.PARLEY_SIGNING_KEY,
    sessionTtlSeconds: vars.PARLEY_SESSION_TTL_SECONDS,
    refreshTtlSeconds: vars.PARLEY_REFRESH_TTL_SECONDS,
    fanout: vars.PARLEY_FANOUT,
    redisUrl: vars.REDIS_URL,
    sqliteSynchronous: vars.PARLEY_SQLITE_SYNCHRONOUS,
    trustProxy: vars.PARLEY_TRUST_PROXY,
    budgets: {
      socketsPerMember: vars.PARLEY_SOCKETS_PER_MEMBER,
      messagesPerSecond: vars.PARLEY_MEMBER_MESSAGES_PER_SECOND,
      readKibPerSecond: vars.PARLEY_MEMBER_READ_KIB_PER_SECOND,
      addressFactor: vars.PARLEY_ADDRESS_BUDGET_FACTOR,
    },
    storeDeadlines: {
      connectMs: vars.PARLEY_DB_CONNECT_TIMEOUT_MS,
      queryMs: vars.PARLEY_DB_QUERY_TIMEOUT_MS,
      commitMs: vars.PARLEY_DB_COMMIT_TIMEOUT_MS,
    },
    storeStartWaitMs: vars.PARLEY_DB_START_WAIT_SECONDS * 1000,
  };
}

/** Things worth a warning at start-up that are not errors; main.ts logs them. */
export function configWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.sqliteSynchronous === 'NORMAL') {
    warnings.push(
      'PARLEY_SQLITE_SYNCHRONOUS=NORMAL: a power failure can lose committed events. Use it for benchmarks only.',
    );
  }
  return warnings;
}

/** The link a new member opens to join: `<publicUrl>/join?code=<code>`. */
export const inviteUrl = (config: Pick<Config, 'publicUrl'>, code: string): string =>
  `${config.publicUrl}/join?code=${encodeURIComponent(code)}`;

// Compose and shell scripts often pass `VAR=` meaning "not set".
function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
}

function parseOrigins(
  raw: string | undefined,
  publicUrl: string,
  port: number,
  problems: string[],
): string[] {
  if (raw === undefined) {
    return unique([new URL(publicUrl).origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`]);
  }
  const origins: string[] = [];
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const origin = originOf(entry);
    if (origin === undefined) {
      problems.push(`PARLEY_ALLOWED_ORIGINS: "${entry}" is not an origin such as https://talks.example.org`);
    } else {
      origins.push(origin);
    }
  }
  if (origins.length === 0 && problems.length === 0) {
    problems.push('PARLEY_ALLOWED_ORIGINS: names no origin');
  }
  return unique(origins);
}

// An origin is scheme://host[:port] and nothing else: a wildcard or a path
// would silently widen or break the handshake check.
function originOf(entry: string): string | undefined {
  if (!URL.canParse(entry)) return undefined;
  const url = new URL(entry);
  if (!/^https?:$/.test(url.protocol) || (url.pathname !== '/' && url.pathname !== '')) return undefined;
  if (url.search !== '' || url.hash !== '' || url.username !== '' || entry.includes('*')) return undefined;
  return url.origin;
}

function looksLikeJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

const unique = (values: string[]): string[] => [...new Set(values)];
