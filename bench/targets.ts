import { workingCopy } from './cache.js';
import { startChild, type ChildHandle, type CpuFigures, type MemoryFigures } from './child.js';
import type { StoreTimings } from './timed-log.js';
import { relayToken, type Roster, type Seat, type SeatedTalks } from './roster.js';

// The systems under test. Each runs in its own process(es) on the server core,
// from a fresh copy of the seeded store, so rounds do not inherit each other's data.

export type TargetName = 'T2' | 'T3' | 'T4' | 'T5';

export interface TargetSpec {
  name: TargetName;
  label: string;
  kind: 'relay' | 'parley';
  synchronous?: 'FULL' | 'NORMAL';
  /** Two nodes sharing PostgreSQL (store and fan-out). */
  postgres?: boolean;
}

export const TARGETS: Record<TargetName, TargetSpec> = {
  T2: { name: 'T2', label: 'bare Socket.IO relay', kind: 'relay' },
  T3: { name: 'T3', label: 'Parley, SQLite FULL', kind: 'parley', synchronous: 'FULL' },
  T4: { name: 'T4', label: 'Parley, SQLite NORMAL', kind: 'parley', synchronous: 'NORMAL' },
  T5: { name: 'T5', label: 'Parley, 2 nodes on PostgreSQL', kind: 'parley', postgres: true },
};

export const SERVER_CPU = 0;
export const LOADGEN_CPU = 1;

export interface TargetContext {
  seedDir: string;
  /** Session tokens by member id, signed with the seeded store's key. */
  tokens: Map<string, string>;
  /** For T5: the database and the schema already holding the seeded talks. */
  postgres?: { url: string; schema: string };
  /** When set, each target's main thread is profiled over its first latency run, into this folder. */
  profileDir?: string;
}

export interface LiveTarget {
  spec: TargetSpec;
  urls: string[];
  /** What a socket of this seat presents at the handshake, and where it connects. */
  tokenOf(talks: SeatedTalks, seat: Seat): string;
  urlOf(index: number): string;
  memory(): Promise<MemoryFigures>;
  /** Restarts the event-loop delay and store-call histograms of every node. */
  resetLoopDelay(): Promise<void>;
  /** Store-call latencies of the first node since the last reset (null for the relay). */
  storeTimings(): Promise<StoreTimings | null>;
  /** The worst event-loop delay (p99 and max, over every node) since the last reset. */
  loopDelay(): Promise<LoopDelay>;
  /** Profiles the (first) node's main thread until `stopProfile` writes it to `path`. */
  startProfile(): Promise<void>;
  stopProfile(path: string): Promise<void>;
  /** CPU used so far by the target's processes (all threads, and main threads only). */
  cpu(): Promise<CpuFigures>;
  stop(): Promise<void>;
}

export interface LoopDelay {
  p99Ms: number;
  maxMs: number;
}

export async function startTarget(spec: TargetSpec, context: TargetContext): Promise<LiveTarget> {
  const nodes: ChildHandle[] = [];
  const nodeCount = spec.postgres ? 2 : 1;
  try {
    for (let n = 0; n < nodeCount; n++) nodes.push(await startNode(spec, context, n));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
  const urls = await Promise.all(nodes.map((node) => node.call<string>('url')));
  const first = nodes[0] as ChildHandle;
  return {
    spec,
    urls,
    tokenOf: (talks, seat) => (spec.kind === 'relay' ? relayToken(talks, seat) : (context.tokens.get(seat.memberId) ?? '')),
    urlOf: (index) => urls[index % urls.length] ?? '',
    memory: () => first.call<MemoryFigures>('memory'),
    resetLoopDelay: async () => {
      await Promise.all(nodes.map((node) => node.call('loopReset')));
    },
    loopDelay: async () =>
      (await Promise.all(nodes.map((node) => node.call<LoopDelay>('loopDelay')))).reduce((worst, one) => ({
        p99Ms: Math.max(worst.p99Ms, one.p99Ms),
        maxMs: Math.max(worst.maxMs, one.maxMs),
      })),
    storeTimings: () => first.call<StoreTimings | null>('storeTimings'),
    startProfile: () => first.call('profileStart'),
    stopProfile: (path) => first.call('profileStop', { path }),
    cpu: async () =>
      (await Promise.all(nodes.map((node) => node.call<CpuFigures>('cpu')))).reduce((sum, one) => ({ total: sum.total + one.total, main: sum.main + one.main }), { total: 0, main: 0 }),
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}

async function startNode(spec: TargetSpec, context: TargetContext, index: number): Promise<ChildHandle> {
  const env: Record<string, string> = {};
  if (spec.kind === 'parley') {
    // Each node gets its own folder (its copy of the signing key; the SQLite store for T3/T4).
    env.BENCH_DATA_DIR = await workingCopy(context.seedDir, `${spec.name}-${index}`);
    env.BENCH_SYNCHRONOUS = spec.synchronous ?? 'FULL';
    if (spec.postgres && context.postgres) {
      env.BENCH_DATABASE_URL = context.postgres.url;
      env.BENCH_PG_SCHEMA = context.postgres.schema;
    }
  }
  return startChild('target.ts', [spec.kind], { cpu: SERVER_CPU, env });
}

/** Seats of the roster's first `talksCount` talks. */
export const talksOf = (roster: Roster, talksCount: number): SeatedTalks[] => roster.talks.slice(0, talksCount);
