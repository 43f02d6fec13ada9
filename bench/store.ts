import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CACHE_DIR, cached, REPO_DIR, scratchDir, STORE_SOURCES } from './cache.js';
import { pinnedCommand, startChild } from './child.js';
import type { Profile } from './profile.js';
import { SERVER_CPU } from './targets.js';
import { bundleServer } from '../scripts/bundle-server.js';

// The measures about the store: durable appends per second (FULL against NORMAL,
// alternating), the cold start of a server whose store holds a million events,
// and how fast a large talks' chain verifies.

export interface DurableFigures {
  full: number[];
  normal: number[];
}

export async function measureDurable(profile: Profile): Promise<DurableFigures> {
  const probe = await startChild('store-probe.ts', [], { cpu: SERVER_CPU });
  const figures: DurableFigures = { full: [], normal: [] };
  try {
    for (let round = 0; round < profile.durableRounds; round++) {
      const order: ('FULL' | 'NORMAL')[] = round % 2 === 0 ? ['FULL', 'NORMAL'] : ['NORMAL', 'FULL'];
      for (const synchronous of order) {
        const result = await probe.call<{ eventsPerSec: number }>('durable', {
          dir: scratchDir('durable'),
          synchronous,
          appenders: profile.appenders,
          durationMs: profile.durableMs,
        });
        (synchronous === 'FULL' ? figures.full : figures.normal).push(result.eventsPerSec);
      }
    }
  } finally {
    await probe.stop();
  }
  return figures;
}

export interface ColdStore {
  dir: string;
  events: number;
  largeTalksId: string;
  built: boolean;
  buildMs?: number;
}

const STORE_FACTS = 'bench-store.json';

/** The large store, built once per stored format and size, kept under bench/.cache. */
export async function coldStore(profile: Profile): Promise<ColdStore> {
  const eventsPerTalks = 1_000;
  const talks = Math.round((profile.coldEvents - profile.largeTalksEvents) / eventsPerTalks);
  let buildMs: number | undefined;
  const { dir, built } = await cached(`store-${profile.coldEvents}`, STORE_SOURCES, async (into) => {
    const probe = await startChild('store-probe.ts', []);
    try {
      const made = await probe.call<{ events: number; largeTalksId: string; ms: number }>(
        'build',
        { dir: into, talks, eventsPerTalks, largeTalksEvents: profile.largeTalksEvents },
        3_600_000,
      );
      buildMs = Math.round(made.ms);
      await writeFile(join(into, STORE_FACTS), JSON.stringify(made));
    } finally {
      await probe.stop();
    }
  });
  const facts = JSON.parse(await readFile(join(dir, STORE_FACTS), 'utf8')) as { events: number; largeTalksId: string };
  return { dir, events: facts.events, largeTalksId: facts.largeTalksId, built, ...(buildMs !== undefined ? { buildMs } : {}) };
}

export async function measureVerify(store: ColdStore, runs: number): Promise<number[]> {
  const probe = await startChild('store-probe.ts', [], { cpu: SERVER_CPU });
  const rates: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const result = await probe.call<{ eventsPerSec: number; ok: boolean }>('verify', { dir: store.dir, talksId: store.largeTalksId });
      if (!result.ok) throw new Error('the large talks did not verify');
      rates.push(result.eventsPerSec);
    }
  } finally {
    await probe.stop();
  }
  return rates;
}

/**
 * The server loaded file by file, one JS file per TS file as tsc emits them (here
 * transpiled with esbuild, faster), to show what the bundle saves at start.
 */
export async function compiledServer(): Promise<string> {
  const outdir = join(CACHE_DIR, 'dist');
  const sources: string[] = [];
  for (const root of ['server/src', 'shared/src']) {
    for (const file of await readdir(join(REPO_DIR, root), { recursive: true })) {
      if (file.endsWith('.ts') && !file.endsWith('.test.ts')) sources.push(join(root, file));
    }
  }
  await esbuild([...sources, `--outdir=${outdir}`, `--outbase=${REPO_DIR}`]);
  return join(outdir, 'server', 'src', 'main.js');
}

/** What `npm start` runs: the server bundled by scripts/bundle-server.ts. */
export const bundledServer = (): Promise<string> => bundleServer(join(CACHE_DIR, 'bundle', 'server', 'bundle'));

async function esbuild(args: string[]): Promise<void> {
  const binary = join(REPO_DIR, 'node_modules', '.bin', 'esbuild');
  if (!existsSync(binary)) throw new Error('esbuild (a dependency of tsx) is missing: run npm install');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(binary, [...args, '--format=esm', '--platform=node', '--target=node20', '--log-level=error'], { cwd: REPO_DIR, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`esbuild exited with ${code}`))));
  });
}

/** Time from spawning `node main.js` on this store to /health answering 200, once per run. */
export async function measureColdStart(mainJs: string, dataDir: string, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await coldStartOnce(mainJs, dataDir));
  return times;
}

async function coldStartOnce(mainJs: string, dataDir: string): Promise<number> {
  const port = await freePort();
  const env = { ...process.env, PARLEY_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PARLEY_LOG_LEVEL: 'warn' };
  const started = performance.now();
  const [command, args] = pinnedCommand(SERVER_CPU, [process.execPath, mainJs]);
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering /health`);
      if (await healthy(port)) return Math.round(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const healthy = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    probe.once('error', () => resolve(false));
    probe.end();
  });

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
