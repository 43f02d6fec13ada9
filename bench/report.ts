import type { IdleResult, ReplayResult } from './idle.js';
import type { LatencySummary } from './histogram.js';
import type { StepRecord } from './rate.js';
import type { LoopDelay, TargetName } from './targets.js';

// What a run found: the raw figures per target, the ratios the targets are
// stated in, and whether each target was met. The same object is printed as a
// table and written to bench/results/latest.json.

export interface TargetFigures {
  label: string;
  /** Merged over every round at the reference rate. */
  proposal?: LatencySummary;
  submitHop?: LatencySummary;
  conveyHop?: LatencySummary;
  /** Highest sustainable rate per stepping round, and their median. */
  maxRates: number[];
  maxRate?: number;
  steps: StepRecord[][];
  /** Server CPU time per proposal at the reference rate, per round, and their median. */
  cpuUsPerProposalRuns: number[];
  cpuUsPerProposal?: number;
  /** The main thread's share of it (the rest: the SQLite writer thread, GC helpers, the libuv pool). */
  mainThreadUsPerProposalRuns: number[];
  mainThreadUsPerProposal?: number;
  /** The server's event-loop delay over each reference-rate run (worst node), and the medians. */
  loopDelayRuns: LoopDelay[];
  loopDelay?: LoopDelay;
  /** Parley only: the durable append's latency over each reference-rate run, and the medians. */
  appendRuns: LatencySummary[];
  appendP50Ms?: number;
  appendP99Ms?: number;
  idle?: IdleResult;
  replay?: ReplayResult;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average before and after: other work on the machine skews every figure. */
  loadAverageBefore: number;
  loadAverageAfter?: number;
  /** Whether the servers and the load generator ran pinned to separate cores. */
  pinned: boolean;
}

export interface Results {
  profile: 'quick' | 'full';
  machine: Machine;
  /** Proposals per second at which latency is compared: 25% of T2's maximum. */
  referenceRate: number;
  targets: Partial<Record<TargetName, TargetFigures>>;
  skipped: string[];
  proposalP99Ratio: number | null;
  proposalP99RatioNormal: number | null;
  maxRateRatio: number | null;
  maxRateRatioNormal: number | null;
  durableEventsPerSec: number;
  normalEventsPerSec: number;
  durableVsNormalRatio: number;
  durableRuns: { full: number[]; normal: number[] };
  idleBytesPerSocketRatio: number | null;
  idleHeapPerSocketRatio: number | null;
  rssMbAt13kSockets: number | null;
  /** 'measured' with 13,000 sockets connected, or 'extrapolated' from fewer (quick). */
  rssMbAt13kSocketsBasis: 'measured' | 'extrapolated';
  coldStartMs: number;
  coldStartEmptyMs: number;
  /** The same store, the server loaded file by file as tsc emits it (what `npm start` ran before the bundle). */
  coldStartUnbundledMs: number | null;
  coldStartEvents: number;
  verifyEventsPerSec: number;
  verifyEvents: number;
  replayMs: number | null;
  replaySockets: number | null;
  targetsMet: Record<string, { target: string; value: number | null; met: boolean | null }>;
  durationSec: number;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export const ratio = (value: number | undefined, base: number | undefined): number | null =>
  value === undefined || base === undefined || base === 0 ? null : Math.round((value / base) * 100) / 100;

/** The targets, each judged on this run's figure. */
export function judge(results: Omit<Results, 'targetsMet' | 'durationSec'>): Results['targetsMet'] {
  const at = (value: number | null, target: string, ok: (v: number) => boolean) => ({ target, value, met: value === null ? null : ok(value) });
  return {
    proposalP99Ratio: at(results.proposalP99Ratio, '≤ 1.3× T2', (v) => v <= 1.3),
    maxRateRatio: at(results.maxRateRatio, '≥ 0.7× T2', (v) => v >= 0.7),
    durableEventsPerSec: at(results.durableEventsPerSec, '≥ 10,000/s', (v) => v >= 10_000),
    durableVsNormalRatio: at(results.durableVsNormalRatio, '≥ 0.9× NORMAL', (v) => v >= 0.9),
    idleBytesPerSocketRatio: at(results.idleBytesPerSocketRatio, '≤ 1.25× T2', (v) => v <= 1.25),
    rssMbAt13kSockets: at(results.rssMbAt13kSockets, '< 500 MB', (v) => v < 500),
    coldStartMs: at(results.coldStartMs, '≤ 500 ms (1,000,000 events)', (v) => v <= 500),
    verifyEventsPerSec: at(results.verifyEventsPerSec, '≥ 300,000/s', (v) => v >= 300_000),
  };
}

const fmt = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const pad = (cells: string[], widths: number[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');

/** The table printed at the end of a run. */
export function table(results: Results): string {
  const t = results.targets;
  const rows: string[][] = [['figure', 'T2 relay', 'T3 FULL', 'T3/T2', 'T4 NORMAL', 'T4/T2', 'T5 pg×2', 'target', 'met']];
  const met = (key: string) => {
    const verdict = results.targetsMet[key];
    return verdict?.met === null || verdict === undefined ? '–' : verdict.met ? 'yes' : 'NO';
  };
  const latency = (name: string, pick: (f: TargetFigures) => LatencySummary | undefined, field: keyof LatencySummary, key?: string) => {
    const v = (n: TargetName) => {
      const figures = t[n];
      return figures ? pick(figures)?.[field] : undefined;
    };
    rows.push([name, fmt(v('T2'), 1), fmt(v('T3'), 1), fmt(ratio(v('T3'), v('T2')), 2), fmt(v('T4'), 1), fmt(ratio(v('T4'), v('T2')), 2), fmt(v('T5'), 1), key ? (results.targetsMet[key]?.target ?? '') : '', key ? met(key) : '']);
  };
  latency(`proposal p50 ms @${results.referenceRate}/s`, (f) => f.proposal, 'p50Ms');
  latency('proposal p95 ms', (f) => f.proposal, 'p95Ms');
  latency('proposal p99 ms', (f) => f.proposal, 'p99Ms', 'proposalP99Ratio');
  latency('  submit→mediator p99 ms', (f) => f.submitHop, 'p99Ms');
  latency('  convey→party B p99 ms', (f) => f.conveyHop, 'p99Ms');
  for (const field of ['appendP50Ms', 'appendP99Ms'] as const) {
    const v = (n: TargetName) => t[n]?.[field];
    rows.push([`  durable append ${field === 'appendP50Ms' ? 'p50' : 'p99'} ms (each)`, '', fmt(v('T3'), 1), '', fmt(v('T4'), 1), '', fmt(v('T5'), 1), '', '']);
  }
  const loop = (n: TargetName, field: keyof LoopDelay) => t[n]?.loopDelay?.[field];
  for (const field of ['p99Ms', 'maxMs'] as const) {
    const v = (n: TargetName) => loop(n, field);
    rows.push([`server loop delay ${field === 'p99Ms' ? 'p99' : 'max'} ms`, fmt(v('T2'), 1), fmt(v('T3'), 1), '', fmt(v('T4'), 1), '', fmt(v('T5'), 1), '', '']);
  }
  const rate = (n: TargetName) => t[n]?.maxRate;
  const cpu = (n: TargetName) => t[n]?.cpuUsPerProposal;
  rows.push(['server CPU µs/proposal', fmt(cpu('T2')), fmt(cpu('T3')), fmt(ratio(cpu('T3'), cpu('T2')), 2), fmt(cpu('T4')), fmt(ratio(cpu('T4'), cpu('T2')), 2), fmt(cpu('T5')), '', '']);
  const main = (n: TargetName) => t[n]?.mainThreadUsPerProposal;
  rows.push(['  of which main thread', fmt(main('T2')), fmt(main('T3')), fmt(ratio(main('T3'), main('T2')), 2), fmt(main('T4')), fmt(ratio(main('T4'), main('T2')), 2), fmt(main('T5')), '', '']);
  rows.push(['max rate proposals/s', fmt(rate('T2')), fmt(rate('T3')), fmt(ratio(rate('T3'), rate('T2')), 2), fmt(rate('T4')), fmt(ratio(rate('T4'), rate('T2')), 2), fmt(rate('T5')), results.targetsMet.maxRateRatio?.target ?? '', met('maxRateRatio')]);
  const idle = (n: TargetName, field: 'rssPerSocket' | 'heapPerSocket') => t[n]?.idle?.[field];
  const sockets = t.T3?.idle?.sockets ?? t.T2?.idle?.sockets ?? 0;
  rows.push([`idle RSS B/socket (${fmt(sockets)})`, fmt(idle('T2', 'rssPerSocket')), fmt(idle('T3', 'rssPerSocket')), fmt(results.idleBytesPerSocketRatio, 2), '', '', '', results.targetsMet.idleBytesPerSocketRatio?.target ?? '', met('idleBytesPerSocketRatio')]);
  rows.push(['idle heap B/socket', fmt(idle('T2', 'heapPerSocket')), fmt(idle('T3', 'heapPerSocket')), fmt(results.idleHeapPerSocketRatio, 2), '', '', '', '', '']);
  const single = (name: string, value: string, key?: string) =>
    rows.push([name, '', value, '', '', '', '', key ? (results.targetsMet[key]?.target ?? '') : '', key ? met(key) : '']);
  single(`RSS MB at 13,000 sockets (${results.rssMbAt13kSocketsBasis})`, fmt(results.rssMbAt13kSockets), 'rssMbAt13kSockets');
  rows.push(['durable events/s (store)', '', fmt(results.durableEventsPerSec), '', fmt(results.normalEventsPerSec), '', '', results.targetsMet.durableEventsPerSec?.target ?? '', met('durableEventsPerSec')]);
  single('durable FULL/NORMAL', fmt(results.durableVsNormalRatio, 2), 'durableVsNormalRatio');
  single(`cold start ms (${fmt(results.coldStartEvents)} events)`, fmt(results.coldStartMs), 'coldStartMs');
  single('cold start ms (empty store)', fmt(results.coldStartEmptyMs));
  single('cold start ms (unbundled, same store)', fmt(results.coldStartUnbundledMs));
  single(`chain verify events/s (${fmt(results.verifyEvents)})`, fmt(results.verifyEventsPerSec), 'verifyEventsPerSec');
  single(`replay ms (${fmt(results.replaySockets)} sockets)`, fmt(results.replayMs));
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) => pad(row, widths)).join('\n');
}
