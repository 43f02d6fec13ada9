import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { runAbuse } from './abuse.js';
import { cached, clearWork, REPO_DIR, scratchDir, SEED_SOURCES } from './cache.js';
import { HAS_TASKSET, startChild } from './child.js';
import { merge, summarise } from './histogram.js';
import { measureIdle, measureReplay, replayingSeats } from './idle.js';
import { postgresAnswers, preparePostgres, type PostgresTarget } from './postgres.js';
import { profileOf, REFERENCE_SOCKETS } from './profile.js';
import { castIdsOf, connectCasts, runAt, stepUp } from './rate.js';
import { judge, median, ratio, table, type Machine, type Results, type TargetFigures } from './report.js';
import type { Roster } from './roster.js';
import { issueTokens, ROSTER_FILE, seedStore } from './seed.js';
import { bundledServer, coldStore, compiledServer, measureColdStart, measureDurable, measureVerify } from './store.js';
import { LOADGEN_CPU, startTarget, talksOf, TARGETS, type TargetContext, type TargetName, type TargetSpec } from './targets.js';

// npm run bench [-- --quick] [-- --no-t5] [-- --t5] [-- --no-pin] [-- --cpu-prof]
// Runs every measure of issue 5 in one process tree and writes bench/results/latest.json.
// npm run bench -- --abuse [--quick]: the flood of issue 15 instead (bench/abuse.ts).

const argv = process.argv.slice(2);
const profile = profileOf(argv);
// On a machine others are using, pinning can hurt more than it helps: --no-pin lets the OS place everything.
if (argv.includes('--no-pin')) process.env.BENCH_NO_PIN = '1';
const say = (line: string) => process.stdout.write(`${line}\n`);
const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)}s`;

interface Collected extends TargetFigures {
  histograms: { proposal: string[]; submitHop: string[]; conveyHop: string[] };
}

async function main(): Promise<void> {
  const machine = machineInfo();
  say(`Parley benchmark (${profile.name}) on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load ${machine.loadAverageBefore}${machine.pinned ? ', servers on core 0, load generator on core 1' : ', unpinned'}`);
  await clearWork();
  const context = await prepare();
  const specs = await chosenTargets(context);
  const collected: Partial<Record<TargetName, Collected>> = {};
  const reference = await rateRounds(specs, context, collected);
  await idleRounds(context, collected);
  await context.pg?.drop();
  const store = await storeMeasures();
  const results = assemble(machine, reference, collected, store, specs, context.skipped);
  say('');
  say(table(results));
  await mkdir(join(REPO_DIR, 'bench', 'results'), { recursive: true });
  await writeFile(join(REPO_DIR, 'bench', 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  say(`\nWrote bench/results/latest.json (${profile.name} run, ${results.durationSec}s).`);
  await clearWork();
}

interface RunContext extends TargetContext {
  roster: Roster;
  pg?: PostgresTarget;
  skipped: string[];
}

async function prepare(): Promise<RunContext> {
  const talksCount = Math.max(profile.rateTalks, profile.idleTalks);
  const seed = await cached(`seed-${talksCount}`, SEED_SOURCES, async (dir) => {
    await seedStore(dir, talksCount);
  });
  const roster = JSON.parse(await readFile(join(seed.dir, ROSTER_FILE), 'utf8')) as Roster;
  const tokens = await issueTokens(seed.dir, roster);
  say(`[${elapsed()}] ${talksCount} talks seeded${seed.built ? '' : ' (cached)'}, ${tokens.size} session tokens issued`);
  const profileDir = join(REPO_DIR, 'bench', 'results', 'profiles');
  if (argv.includes('--cpu-prof')) await mkdir(profileDir, { recursive: true });
  return { seedDir: seed.dir, tokens, roster, skipped: [], ...(argv.includes('--cpu-prof') ? { profileDir } : {}) };
}

async function chosenTargets(context: RunContext): Promise<TargetSpec[]> {
  const specs = [TARGETS.T2, TARGETS.T3, TARGETS.T4];
  const wantT5 = profile.name === 'full' ? !argv.includes('--no-t5') : argv.includes('--t5');
  if (!wantT5) {
    context.skipped.push(`T5: skipped (${profile.name === 'quick' ? 'pass --t5 to include it in a quick run' : '--no-t5'})`);
  } else if (!(await postgresAnswers())) {
    context.skipped.push('T5: skipped (PostgreSQL does not answer at BENCH_DATABASE_URL or 127.0.0.1:5432/test)');
  } else {
    context.pg = await preparePostgres(context.seedDir, context.roster);
    context.postgres = { url: context.pg.url, schema: context.pg.schema };
    specs.push(TARGETS.T5);
    say(`[${elapsed()}] T5: seeded talks copied to PostgreSQL schema ${context.pg.schema}`);
  }
  for (const line of context.skipped) say(`[${elapsed()}] ${line}`);
  return specs;
}

/** The reference rate never drops below this, so latency is measured on a real flow even on a starved machine. */
const MIN_REFERENCE_RATE = 25;

const emptyCollected = (spec: TargetSpec): Collected => ({
  label: spec.label,
  maxRates: [],
  steps: [],
  cpuUsPerProposalRuns: [],
  mainThreadUsPerProposalRuns: [],
  loopDelayRuns: [],
  appendRuns: [],
  histograms: { proposal: [], submitHop: [], conveyHop: [] },
});

/** Alternating rounds of the proposal path; returns the reference rate (25% of T2's maximum). */
async function rateRounds(specs: TargetSpec[], context: RunContext, collected: Partial<Record<TargetName, Collected>>): Promise<number> {
  let reference = 0;
  for (let round = 0; round < profile.rounds; round++) {
    for (const spec of specs) {
      const figures = (collected[spec.name] ??= emptyCollected(spec));
      reference = await rateRound(spec, context, round, reference, figures);
    }
  }
  return reference;
}

/** One target, one round: fresh processes, a warm-up, the step-up (in stepping rounds), the reference-rate run. */
async function rateRound(spec: TargetSpec, context: RunContext, round: number, reference: number, figures: Collected): Promise<number> {
  const target = await startTarget(spec, context);
  const loadgen = await startChild('loadgen.ts', [], { cpu: LOADGEN_CPU });
  try {
    const driver = { loadgen, target, casts: await connectCasts(loadgen, target, talksOf(context.roster, profile.rateTalks)), profile };
    await runAt(driver, profile.startRate, 1_000);
    const stepping = round < profile.stepRounds;
    if (stepping) {
      const stepped = await stepUp(driver);
      figures.maxRates.push(stepped.maxRate);
      figures.steps.push(stepped.steps);
      if (spec.name === 'T2' && reference === 0) reference = Math.max(MIN_REFERENCE_RATE, Math.round(stepped.maxRate / 4));
    }
    const rate = reference || profile.startRate;
    const profilePath = context.profileDir && round === 0 ? join(context.profileDir, `${spec.name}-latency.cpuprofile`) : undefined;
    if (profilePath) await target.startProfile();
    const run = await runAt(driver, rate, profile.latencyMs);
    if (profilePath) await target.stopProfile(profilePath);
    figures.cpuUsPerProposalRuns.push(run.serverCpuUsPerProposal);
    figures.mainThreadUsPerProposalRuns.push(run.mainThreadUsPerProposal);
    figures.loopDelayRuns.push(run.loopDelay);
    if (run.store) figures.appendRuns.push(run.store.append);
    for (const hop of ['proposal', 'submitHop', 'conveyHop'] as const) figures.histograms[hop].push(run.result.histograms[hop]);
    const stepped = stepping ? `, max ${figures.maxRates.at(-1) ?? 0}/s` : '';
    say(`[${elapsed()}] round ${round + 1} ${spec.name}: p99 ${run.result.proposal.p99Ms} ms at ${rate}/s (missing ${run.result.missing}, ${run.serverCpuUsPerProposal} µs CPU/proposal)${stepped}`);
    return reference;
  } finally {
    await loadgen.stop();
    await target.stop();
  }
}

/** Every seat of `idleTalks` talks connected to T2, then T3; the replay on T3. */
async function idleRounds(context: RunContext, collected: Partial<Record<TargetName, Collected>>): Promise<void> {
  const talks = talksOf(context.roster, profile.idleTalks);
  for (const spec of [TARGETS.T2, TARGETS.T3]) {
    const figures = (collected[spec.name] ??= emptyCollected(spec));
    const target = await startTarget(spec, context);
    const loadgen = await startChild('loadgen.ts', [], { cpu: LOADGEN_CPU });
    try {
      figures.idle = await measureIdle(loadgen, target, talks);
      say(`[${elapsed()}] ${spec.name}: ${figures.idle.sockets} idle sockets, RSS ${mb(figures.idle.after.rss)} MB, ${figures.idle.rssPerSocket} B/socket`);
      if (spec.kind === 'parley') {
        figures.replay = await measureReplay(loadgen, castIdsOf(talks), replayingSeats(talks, profile.replayFraction), profile);
        say(`[${elapsed()}] ${spec.name}: ${figures.replay.sockets} sockets resumed and synced ${figures.replay.events} events in ${figures.replay.ms} ms`);
      }
    } finally {
      await loadgen.stop();
      await target.stop();
    }
  }
}

interface StoreFigures {
  durable: { full: number[]; normal: number[] };
  coldStart: number[];
  coldStartEmpty: number[];
  coldStartUnbundled: number[];
  coldEvents: number;
  verify: number[];
  verifyEvents: number;
}

async function storeMeasures(): Promise<StoreFigures> {
  const durable = await measureDurable(profile);
  say(`[${elapsed()}] durable appends/s FULL ${durable.full.join(', ')}; NORMAL ${durable.normal.join(', ')}`);
  const store = await coldStore(profile);
  say(`[${elapsed()}] store of ${store.events} events ${store.built ? `built in ${Math.round((store.buildMs ?? 0) / 1000)}s` : '(cached)'}`);
  // What `npm start` runs (the bundle), and the same server loaded file by file.
  const mainJs = await bundledServer();
  const coldStart = await measureColdStart(mainJs, store.dir, profile.coldStarts);
  const coldStartEmpty = await measureColdStart(mainJs, scratchDir('empty-store'), profile.coldStarts);
  const coldStartUnbundled = await measureColdStart(await compiledServer(), store.dir, profile.coldStarts);
  say(`[${elapsed()}] cold start ms: ${coldStart.join(', ')} (empty store: ${coldStartEmpty.join(', ')}; unbundled: ${coldStartUnbundled.join(', ')})`);
  // The first pass warms the JIT and the page cache; the figure is the median of the rest.
  const [warmup, ...verify] = await measureVerify(store, profile.verifyRuns + 1);
  say(`[${elapsed()}] chain verification events/s: ${verify.join(', ')} (warm-up pass: ${warmup ?? '–'})`);
  return { durable, coldStart, coldStartEmpty, coldStartUnbundled, coldEvents: store.events, verify, verifyEvents: profile.largeTalksEvents };
}

function assemble(
  machine: Machine,
  referenceRate: number,
  collected: Partial<Record<TargetName, Collected>>,
  store: StoreFigures,
  specs: TargetSpec[],
  skipped: string[],
): Results {
  const targets: Results['targets'] = {};
  for (const spec of specs) {
    const one = collected[spec.name];
    if (!one) continue;
    const { histograms, ...rest } = one;
    targets[spec.name] = {
      ...rest,
      ...(histograms.proposal.length > 0
        ? { proposal: summarise(merge(histograms.proposal)), submitHop: summarise(merge(histograms.submitHop)), conveyHop: summarise(merge(histograms.conveyHop)) }
        : {}),
      ...(one.maxRates.length > 0 ? { maxRate: median(one.maxRates) } : {}),
      ...(one.cpuUsPerProposalRuns.length > 0
        ? {
            cpuUsPerProposal: Math.round(median(one.cpuUsPerProposalRuns)),
            mainThreadUsPerProposal: Math.round(median(one.mainThreadUsPerProposalRuns)),
            loopDelay: { p99Ms: median(one.loopDelayRuns.map((d) => d.p99Ms)), maxMs: median(one.loopDelayRuns.map((d) => d.maxMs)) },
          }
        : {}),
      ...(one.appendRuns.length > 0
        ? { appendP50Ms: median(one.appendRuns.map((a) => a.p50Ms)), appendP99Ms: median(one.appendRuns.map((a) => a.p99Ms)) }
        : {}),
    };
  }
  const { T2, T3, T4 } = targets;
  const t3Idle = T3?.idle;
  const rssMb = t3Idle
    ? Math.round(t3Idle.sockets >= REFERENCE_SOCKETS ? mb(t3Idle.after.rss) : mb(t3Idle.before.rss + t3Idle.rssPerSocket * REFERENCE_SOCKETS))
    : null;
  const durableEventsPerSec = Math.round(median(store.durable.full));
  const normalEventsPerSec = Math.round(median(store.durable.normal));
  const partial = {
    profile: profile.name,
    machine: { ...machine, loadAverageAfter: Math.round((loadavg()[0] ?? 0) * 10) / 10 },
    referenceRate,
    targets,
    skipped,
    proposalP99Ratio: ratio(T3?.proposal?.p99Ms, T2?.proposal?.p99Ms),
    proposalP99RatioNormal: ratio(T4?.proposal?.p99Ms, T2?.proposal?.p99Ms),
    maxRateRatio: ratio(T3?.maxRate, T2?.maxRate),
    maxRateRatioNormal: ratio(T4?.maxRate, T2?.maxRate),
    durableEventsPerSec,
    normalEventsPerSec,
    durableVsNormalRatio: ratio(durableEventsPerSec, normalEventsPerSec) ?? 0,
    durableRuns: store.durable,
    idleBytesPerSocketRatio: ratio(t3Idle?.rssPerSocket, T2?.idle?.rssPerSocket),
    idleHeapPerSocketRatio: ratio(t3Idle?.heapPerSocket, T2?.idle?.heapPerSocket),
    rssMbAt13kSockets: rssMb,
    rssMbAt13kSocketsBasis: (t3Idle?.sockets ?? 0) >= REFERENCE_SOCKETS ? ('measured' as const) : ('extrapolated' as const),
    coldStartMs: Math.round(median(store.coldStart)),
    coldStartEmptyMs: Math.round(median(store.coldStartEmpty)),
    coldStartUnbundledMs: Math.round(median(store.coldStartUnbundled)),
    coldStartEvents: store.coldEvents,
    verifyEventsPerSec: Math.round(median(store.verify)),
    verifyEvents: store.verifyEvents,
    replayMs: T3?.replay?.ms ?? null,
    replaySockets: T3?.replay?.sockets ?? null,
  };
  return { ...partial, targetsMet: judge(partial), durationSec: Math.round((performance.now() - started) / 1000) };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

function machineInfo(): Machine {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    loadAverageBefore: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    pinned: HAS_TASKSET && process.env.BENCH_NO_PIN === undefined,
  };
}

(argv.includes('--abuse') ? runAbuse(argv) : main()).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
