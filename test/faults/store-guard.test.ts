import Database from 'better-sqlite3';
import pino from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loggerOptions, serializeError } from '../../server/src/http/logging.js';
import type { EventLog } from '../../server/src/log/event-log.js';
import { asStoreError, guard } from '../../server/src/storage/store-guard.js';
import { StoreHealth } from '../../server/src/storage/store-health.js';
import { waitForStore } from '../../server/src/storage/wait-for-store.js';
import { DomainError } from '../../server/src/talks/domain-error.js';

const never = new Promise<never>(() => undefined);

describe('[FLT2] store calls under a deadline', () => {
  it('answers UNAVAILABLE with retryAfterMs when the store does not answer in time', async () => {
    const error = await guard(never, 50).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).toBody()).toMatchObject({ code: 'UNAVAILABLE', retryAfterMs: 1_000 });
  });

  it.each([
    ['a full disk', new Database.SqliteError('database or disk is full', 'SQLITE_FULL'), /disk is full/],
    ['a read-only store', new Database.SqliteError('attempt to write a readonly database', 'SQLITE_READONLY'), /read-only/],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), /cannot be reached/],
    ['a broken connection', new Error('Connection terminated unexpectedly'), /broke/],
    ['a cancelled statement', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }), /in time/],
    ['a dead writer thread', new DomainError('INTERNAL', "the event log's writer thread stopped: it exited"), /writer stopped/],
  ])('turns %s into UNAVAILABLE, saying why', (_what, fault, reason) => {
    const answer = asStoreError(fault);
    expect(answer).toBeInstanceOf(DomainError);
    expect((answer as DomainError).code).toBe('UNAVAILABLE');
    expect(answer.message).toMatch(reason);
  });

  it('passes domain answers and bugs through unchanged', () => {
    const conflict = new DomainError('CONFLICT', 'moved on');
    expect(asStoreError(conflict)).toBe(conflict);
    const bug = new TypeError('x is undefined');
    expect(asStoreError(bug)).toBe(bug);
  });
});

describe('[FLT3] the store health check', () => {
  const logWith = (probeCommit: () => Promise<void>): EventLog => ({ probeCommit }) as unknown as EventLog;

  it('is unavailable with the reason while the store cannot commit, and within its answer time when it hangs', async () => {
    const health = new StoreHealth({ cacheMs: 0, answerMs: 100 });
    expect(await health.check()).toEqual({ ok: false, reason: 'the store is opening' });
    health.attach(logWith(() => Promise.reject(new Database.SqliteError('disk I/O error', 'SQLITE_FULL'))));
    expect(await health.check()).toEqual({ ok: false, reason: 'the disk is full' });
    health.attach(logWith(() => never));
    const started = Date.now();
    expect(await health.check()).toMatchObject({ ok: false });
    expect(Date.now() - started).toBeLessThan(1_000);
    health.attach(logWith(() => Promise.resolve()));
    expect(await health.check()).toEqual({ ok: true });
  });
});

describe('[FLT4] errors in the logs', () => {
  it('keeps type, message, code, the database reason and the cause, and never a password', () => {
    const cause = Object.assign(new Error('password authentication failed for user "parley"'), {
      code: '28P01',
      severity: 'FATAL',
      routine: 'auth_failed',
    });
    const error = new Error('cannot open postgres://parley:s3cret@db:5432/parley (password=s3cret)', { cause });
    const logged = serializeError(error);
    expect(logged).toMatchObject({ type: 'Error', cause: { code: '28P01', severity: 'FATAL', routine: 'auth_failed' } });
    expect(JSON.stringify(logged)).not.toContain('s3cret');
    expect(serializeError({ name: 'SqliteError', message: 'disk full', code: 'SQLITE_FULL' })).toMatchObject({
      type: 'SqliteError',
      code: 'SQLITE_FULL',
    });
  });

  it('writes a fatal error as one JSON line', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino(loggerOptions({ logLevel: 'info' }), stream);
    logger.fatal({ err: new Error('line one\nline two') }, 'stopping');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 60, err: { type: 'Error', message: 'line one\nline two' } });
  });
});

describe('[FLT5] waiting for the store at start', () => {
  const quiet = { warn: () => undefined, info: () => undefined };

  it('tries again with backoff while the database is away, saying why on /health', async () => {
    const health = new StoreHealth();
    let attempts = 0;
    const log = {} as EventLog;
    const opened = await waitForStore({
      open: () => {
        attempts += 1;
        if (attempts < 3) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
        return Promise.resolve(log);
      },
      limitMs: 10_000,
      logger: quiet,
      health,
      firstDelayMs: 10,
    });
    expect(opened).toBe(log);
    expect(attempts).toBe(3);
    expect(await health.check()).toEqual({ ok: false, reason: 'waiting for the store: the database cannot be reached' });
  });

  it('stops at once on an error waiting cannot cure, and after the limit on one it could', async () => {
    const refused = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    let attempts = 0;
    await expect(
      waitForStore({ open: () => (attempts++, Promise.reject(refused)), limitMs: 10_000, logger: quiet, health: new StoreHealth() }),
    ).rejects.toBe(refused);
    expect(attempts).toBe(1);
    const away = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(
      waitForStore({ open: () => Promise.reject(away), limitMs: 50, logger: quiet, health: new StoreHealth(), firstDelayMs: 10 }),
    ).rejects.toBe(away);
  });
});
