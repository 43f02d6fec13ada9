import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuMs, memoryNow, serveParent } from './child.js';
import { startParley } from './parley.js';
import { startRelay } from './relay.js';

// A target in its own process: `relay` (T2) or `parley` (T3/T4/T5, chosen by the
// environment the orchestrator passes). It answers memory and CPU questions so
// the orchestrator measures this process alone, and can profile its main thread
// over exactly one measured run.

const kind = process.argv[2];
const env = process.env;

const running =
  kind === 'relay'
    ? await startRelay()
    : await startParley({
        dataDir: env.BENCH_DATA_DIR ?? '',
        synchronous: env.BENCH_SYNCHRONOUS === 'NORMAL' ? 'NORMAL' : 'FULL',
        ...(env.BENCH_DATABASE_URL
          ? { databaseUrl: env.BENCH_DATABASE_URL, postgresSchema: env.BENCH_PG_SCHEMA, fanout: 'postgres' as const }
          : {}),
      });

const inspector = new Session();
// How long callbacks waited for the main thread: a stall here delays every socket at once.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

serveParent(
  {
    url: () => running.url,
    memory: () => memoryNow(),
    cpu: () => cpuMs(),
    loopReset: () => {
      loopDelay.reset();
      if ('resetStoreTimings' in running) running.resetStoreTimings();
    },
    storeTimings: () => ('storeTimings' in running ? running.storeTimings() : null),
    loopDelay: () => ({ p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 }),
    profileStart: async () => {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    },
    profileStop: async ({ path }: { path: string }) => {
      const { profile } = await inspector.post('Profiler.stop');
      await writeFile(path, JSON.stringify(profile));
      inspector.disconnect();
    },
  },
  () => running.close(),
);
