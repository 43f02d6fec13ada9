import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, inviteUrl, loadConfig } from '../../server/src/config.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('starts with safe defaults when nothing is set', () => {
    const config = loadConfig({});

    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      store: 'sqlite',
      databaseUrl: undefined,
      publicUrl: 'http://localhost:3000',
      allowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
      logLevel: 'info',
      signingKey: undefined,
      sessionTtlSeconds: 900,
      refreshTtlSeconds: 604_800,
      fanout: 'local',
      redisUrl: 'redis://127.0.0.1:6379',
      sqliteSynchronous: 'FULL',
      trustProxy: false,
      budgets: { socketsPerMember: 8, messagesPerSecond: 20, readKibPerSecond: 1024, addressFactor: 50 },
      storeDeadlines: { connectMs: 3_000, queryMs: 5_000, commitMs: 5_000 },
      storeStartWaitMs: 300_000,
    });
    expect(configWarnings(config)).toEqual([]);
  });

  it('[OPS2] reads the per-member budgets and refuses nonsense', () => {
    expect(
      loadConfig({
        PARLEY_SOCKETS_PER_MEMBER: '3',
        PARLEY_MEMBER_MESSAGES_PER_SECOND: '5',
        PARLEY_MEMBER_READ_KIB_PER_SECOND: '64',
        PARLEY_ADDRESS_BUDGET_FACTOR: '0',
      }).budgets,
    ).toEqual({ socketsPerMember: 3, messagesPerSecond: 5, readKibPerSecond: 64, addressFactor: 0 });
    expect(problemsOf({ PARLEY_SOCKETS_PER_MEMBER: '0', PARLEY_MEMBER_READ_KIB_PER_SECOND: 'lots' })).toEqual(
      [
        'PARLEY_SOCKETS_PER_MEMBER: must be a whole number between 1 and 1000',
        'PARLEY_MEMBER_READ_KIB_PER_SECOND: must be a whole number between 16 and 10000000',
      ],
    );
  });

  it('[FLT2] reads the store deadlines and the start wait, refusing values out of range', () => {
    const config = loadConfig({
      PARLEY_DB_CONNECT_TIMEOUT_MS: '1500',
      PARLEY_DB_QUERY_TIMEOUT_MS: '2500',
      PARLEY_DB_COMMIT_TIMEOUT_MS: '3500',
      PARLEY_DB_START_WAIT_SECONDS: '0',
    });
    expect(config.storeDeadlines).toEqual({ connectMs: 1500, queryMs: 2500, commitMs: 3500 });
    expect(config.storeStartWaitMs).toBe(0);
    expect(problemsOf({ PARLEY_DB_QUERY_TIMEOUT_MS: '5' })).toEqual([
      'PARLEY_DB_QUERY_TIMEOUT_MS: must be a whole number of milliseconds between 100 and 600000',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' })).toMatchObject({ port: 3000, store: 'sqlite' });
  });

  it('refuses a bad PORT with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: must be a whole number between 0 and 65535/);
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT: must be a whole number between 0 and 65535']);
  });

  it('lists every bad variable at once, without echoing their values', () => {
    const problems = problemsOf({
      PORT: '-1',
      PARLEY_LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://root:secret@db/parley',
      PARLEY_TRUST_PROXY: 'maybe',
    });

    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual([
      'DATABASE_URL',
      'PARLEY_LOG_LEVEL',
      'PARLEY_TRUST_PROXY',
      'PORT',
    ]);
    expect(problems.join('\n')).not.toContain('secret');
  });

  it('derives the public URL and the allowed origins from PORT', () => {
    const config = loadConfig({ PORT: '8080' });

    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.allowedOrigins).toEqual(['http://localhost:8080', 'http://127.0.0.1:8080']);
  });

  it('adds the public URL origin to the default allowed origins', () => {
    const config = loadConfig({ PARLEY_PUBLIC_URL: 'https://talks.example.org/parley/' });

    expect(config.publicUrl).toBe('https://talks.example.org/parley');
    expect(config.allowedOrigins).toEqual([
      'https://talks.example.org',
      'http://localhost:3000',
      'http://127.0.0.1:3000',
    ]);
  });

  it('takes an explicit comma-separated origins list, normalised', () => {
    const config = loadConfig({
      PARLEY_ALLOWED_ORIGINS: ' https://a.example.org , https://B.example.org:8443/ ',
    });

    expect(config.allowedOrigins).toEqual(['https://a.example.org', 'https://b.example.org:8443']);
  });

  it('refuses origins that are wildcards or carry a path', () => {
    const problems = problemsOf({
      PARLEY_ALLOWED_ORIGINS: 'https://*.example.org,https://a.example.org/app',
    });

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PARLEY_ALLOWED_ORIGINS: /);
  });

  it('selects PostgreSQL when DATABASE_URL is a postgres URL', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      PARLEY_FANOUT: 'postgres',
    });

    expect(config).toMatchObject({ store: 'postgres', fanout: 'postgres' });
  });

  it('refuses postgres fan-out without a PostgreSQL database', () => {
    expect(problemsOf({ PARLEY_FANOUT: 'postgres' })).toEqual([
      'PARLEY_FANOUT: postgres fan-out needs DATABASE_URL to name a PostgreSQL database',
    ]);
  });

  it('refuses a refresh lifetime shorter than the session lifetime', () => {
    expect(
      problemsOf({ PARLEY_SESSION_TTL_SECONDS: '3600', PARLEY_REFRESH_TTL_SECONDS: '600' }),
    ).toHaveLength(1);
  });

  it('warns when SQLite durability is lowered for benchmarks', () => {
    const config = loadConfig({ PARLEY_SQLITE_SYNCHRONOUS: 'NORMAL' });

    expect(config.sqliteSynchronous).toBe('NORMAL');
    expect(configWarnings(config)).toHaveLength(1);
    expect(problemsOf({ PARLEY_SQLITE_SYNCHRONOUS: 'OFF' })).toEqual([
      'PARLEY_SQLITE_SYNCHRONOUS: must be FULL or NORMAL',
    ]);
  });

  it('reads PARLEY_TRUST_PROXY as a boolean', () => {
    expect(loadConfig({ PARLEY_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ PARLEY_TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('builds invite links under the public URL', () => {
    const config = loadConfig({ PARLEY_PUBLIC_URL: 'https://talks.example.org' });

    expect(inviteUrl(config, 'abc_-123')).toBe('https://talks.example.org/join?code=abc_-123');
  });
});
