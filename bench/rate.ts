import type { ChildHandle } from './child.js';
import { P99_LIMIT_MS, type Profile } from './profile.js';
import type { CastIds, ProposalRunOptions, ProposalRunResult } from './proposals.js';
import { shuttleCast, type SeatedTalks, type Ticket } from './roster.js';
import type { LiveTarget, LoopDelay } from './targets.js';
import type { StoreTimings } from './timed-log.js';

// The proposal path against one live target: the maximum sustainable rate
// (doubling until a step fails, then bisecting) and the latency at the reference rate.

export interface StepRecord {
  rate: number;
  pass: boolean;
  p99Ms: number;
  delivered: number;
  missing: number;
  errors: Record<string, number>;
  loadgenCpuPct: number;
  serverCpuPct: number;
  sendLagMaxMs: number;
  serverLoopDelayMaxMs: number;
}

export interface Driver {
  loadgen: ChildHandle;
  target: LiveTarget;
  casts: CastIds[];
  profile: Profile;
}

/** Connects the mediator and both heads of each talks (on alternating nodes when there are several). */
export async function connectCasts(loadgen: ChildHandle, target: LiveTarget, talks: readonly SeatedTalks[]): Promise<CastIds[]> {
  const tickets: Ticket[] = [];
  talks.forEach((one, index) => {
    const cast = shuttleCast(one, (seat) => target.tokenOf(one, seat));
    // With two nodes, the other party's head sits on the other node: conveyances cross nodes.
    tickets.push(...[cast.mediator, cast.heads[0], cast.heads[1]].map((ticket, n) => ({ ...ticket, url: target.urlOf(index + (n === 2 ? 1 : 0)) })));
  });
  await loadgen.call('target', { url: target.urlOf(0) });
  const connected = await loadgen.call<{ failed: number }>('connect', { tickets });
  if (connected.failed > 0) throw new Error(`${target.spec.name}: ${connected.failed} sockets could not connect`);
  return castIdsOf(talks);
}

/** The member ids the proposal path uses in each talks. */
export const castIdsOf = (talks: readonly SeatedTalks[]): CastIds[] =>
  talks.map((one) => {
    const cast = shuttleCast(one, () => '');
    return { talksId: cast.talksId, parties: cast.parties, mediator: cast.mediator.memberId, heads: [cast.heads[0].memberId, cast.heads[1].memberId] };
  });

/** One open-loop run, with the server's CPU share over it. */
export interface TimedRun {
  result: ProposalRunResult;
  serverCpuPct: number;
  /** Server CPU time per proposal sent: what the machine pays, whatever else runs on it. */
  serverCpuUsPerProposal: number;
  /** The part of it spent on the main thread (the event loop every socket waits on). */
  mainThreadUsPerProposal: number;
  /** The server's worst event-loop delays over the run. */
  loopDelay: LoopDelay;
  /** Latencies of the durable append and the idempotency lookup (Parley only). */
  store: StoreTimings | null;
}

export async function runAt(driver: Driver, rate: number, durationMs: number): Promise<TimedRun> {
  const { loadgen, target, casts, profile } = driver;
  const cpuBefore = await target.cpu();
  await target.resetLoopDelay();
  const options: ProposalRunOptions = { casts, rate, durationMs, graceMs: profile.graceMs, textBytes: profile.textBytes };
  const result = await loadgen.call<ProposalRunResult>('proposals', options);
  const cpuAfter = await target.cpu();
  const loopDelay = await target.loopDelay();
  const store = await target.storeTimings();
  await settle(profile);
  const perProposal = (ms: number) => Math.round((ms * 1000) / Math.max(1, result.sent));
  return {
    result,
    serverCpuPct: Math.round(((cpuAfter.total - cpuBefore.total) / result.elapsedMs) * 100),
    serverCpuUsPerProposal: perProposal(cpuAfter.total - cpuBefore.total),
    mainThreadUsPerProposal: perProposal(cpuAfter.main - cpuBefore.main),
    loopDelay,
    store,
  };
}

const settle = (profile: Profile) => new Promise((resolve) => setTimeout(resolve, Math.min(1_000, profile.graceMs / 2)));

export const passes = (result: ProposalRunResult): boolean =>
  result.missing === 0 && Object.keys(result.errors).length === 0 && result.proposal.p99Ms <= P99_LIMIT_MS;

async function step(driver: Driver, rate: number): Promise<StepRecord> {
  const { result, serverCpuPct, loopDelay } = await runAt(driver, rate, driver.profile.stepMs);
  return {
    rate,
    pass: passes(result),
    p99Ms: result.proposal.p99Ms,
    delivered: result.delivered,
    missing: result.missing,
    errors: result.errors,
    loadgenCpuPct: result.loadgenCpuPct,
    serverCpuPct,
    sendLagMaxMs: Math.round(result.sendLagMaxMs),
    serverLoopDelayMaxMs: Math.round(loopDelay.maxMs),
  };
}

const MAX_RATE = 64_000;

const MIN_RATE = 25;

/**
 * Doubles the rate until a step fails (or halves it until one holds, when the first
 * fails), then bisects; the answer is the highest step that held (0: none did).
 */
export async function stepUp(driver: Driver): Promise<{ maxRate: number; steps: StepRecord[] }> {
  const steps: StepRecord[] = [];
  let good = 0;
  let bad = 0;
  const first = await step(driver, driver.profile.startRate);
  steps.push(first);
  const factor = first.pass ? 2 : 0.5;
  if (first.pass) good = first.rate;
  else bad = first.rate;
  for (let rate = driver.profile.startRate * factor; rate <= MAX_RATE && rate >= MIN_RATE; rate *= factor) {
    const record = await step(driver, rate);
    steps.push(record);
    if (record.pass) good = rate;
    else bad = rate;
    if (record.pass !== first.pass) break;
  }
  for (let i = 0; i < driver.profile.bisections && bad > 0 && good > 0; i++) {
    const rate = Math.round((good + bad) / 2);
    const record = await step(driver, rate);
    steps.push(record);
    if (record.pass) good = rate;
    else bad = rate;
  }
  return { maxRate: good, steps };
}
