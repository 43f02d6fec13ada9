import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { TalksId } from '../../shared/src/index.js';
import { verifyTalksChain } from '../../server/src/log/audit.js';
import type { EventLog } from '../../server/src/log/event-log.js';
import { openEventLog } from '../../server/src/storage/open-event-log.js';

// A writer process is SIGKILLed after a number of acknowledged events; the store,
// reopened, must hold every one of them, exactly as acknowledged, in an intact
// chain. A store that acknowledged an append before its batch committed would
// lose the tail the kill cut off. Each round continues the same store.
const WRITER = fileURLToPath(new URL('./append-until-killed.ts', import.meta.url));
const TALKS = 12;
const KILL_AFTER_ACKS = [25, 400, 2_500];
const DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Ack {
  talksId: TalksId;
  seq: number;
  hash: string;
}

/** Runs the writer until it has printed `acks` acknowledgements, SIGKILLs it, and returns every line it printed. */
const killAfter = async (acks: number, args: string[]): Promise<Ack[]> => {
  const writer = spawn(process.execPath, ['--import', import.meta.resolve('tsx/esm'), WRITER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(writer, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let errors = '';
  writer.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const printed: Ack[] = [];
  // Lines still in the pipe after the kill were printed, hence acknowledged, before it.
  for await (const line of createInterface({ input: writer.stdout })) {
    const [word, talksId, seq, hash] = line.split(' ');
    if (word !== 'ack' || !talksId || !seq || !hash) continue;
    printed.push({ talksId: talksId as TalksId, seq: Number(seq), hash });
    if (printed.length === acks) writer.kill('SIGKILL');
  }
  const [code, signal] = await exited;
  if (signal !== 'SIGKILL') throw new Error(`the writer stopped by itself (code ${code}): ${errors}`);
  return printed;
};

const expectEveryAckStored = async (log: EventLog, acks: Ack[]): Promise<void> => {
  const talks = new Set(acks.map((ack) => ack.talksId));
  for (const talksId of talks) {
    expect(await verifyTalksChain(log, talksId)).toMatchObject({ ok: true });
    const head = await log.head(talksId);
    const stored = new Map((await log.readEntries(talksId, 0, head.seq)).map((entry) => [entry.seq, entry.hash]));
    const lost = acks.filter((ack) => ack.talksId === talksId && stored.get(ack.seq) !== ack.hash);
    expect(lost).toEqual([]);
  }
};

const killRounds = async (writerArgs: string[], open: () => Promise<EventLog>): Promise<void> => {
  for (const acks of KILL_AFTER_ACKS) {
    const printed = await killAfter(acks, writerArgs);
    expect(printed.length).toBeGreaterThanOrEqual(acks);
    const log = await open();
    try {
      await expectEveryAckStored(log, printed);
    } finally {
      await log.close();
    }
  }
};

describe('group commit survives a killed writer', () => {
  it('[LOG8] acknowledges no SQLite append before its batch is durable: every acked event survives SIGKILL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-killed-'));
    try {
      await killRounds([dataDir, String(TALKS)], () => openEventLog({ dataDir }));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  describe('on PostgreSQL', () => {
    const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3_000 });
    const schema = `parley_test_${randomBytes(6).toString('hex')}`;
    const available = admin.connect().then(
      () => true,
      () => false,
    );
    afterAll(async () => {
      if (!(await available)) return;
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    });

    it('[LOG8] acknowledges no PostgreSQL append before its batch commits: every acked event survives SIGKILL', async (context) => {
      if (!(await available)) {
        if (process.env.CI) throw new Error(`PostgreSQL did not answer at ${DATABASE_URL}`);
        context.skip();
      }
      await killRounds(['/nonexistent', String(TALKS), DATABASE_URL, schema], () =>
        openEventLog({ dataDir: '/nonexistent', databaseUrl: DATABASE_URL, postgresSchema: schema }),
      );
    });
  });
});
