import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { AbuseCast } from './abuse-target.js';
import type { FloodReport } from './abuse-flood.js';
import { REPO_DIR } from './cache.js';
import { startChild, type ChildHandle, type MemoryFigures } from './child.js';
import { LOADGEN_CPU, SERVER_CPU } from './targets.js';
import { newHistogram, recordMs, summarise, type Histogram, type LatencySummary } from './histogram.js';

// npm run bench -- --abuse [--quick]
// Issue 15, item 5: one member floods the server from 50 sockets (sync from empty cursors,
// commands, oversized frames) while other members run the shuttle. Measures the honest
// members' command latency and /health during the flood, and the server's resident memory
// a minute after it; writes bench/results/abuse.json. Loopback only, bounded in time.

const TARGETS = { commandP99Ms: 100, healthP99Ms: 50, rssReturnRatio: 1.1 };
const FLOOD_SOCKETS = 50;

interface Phase {
  commands: LatencySummary;
  commandErrors: Record<string, number>;
  health: LatencySummary;
  /** The server's event-loop delay over the phase: its own stalls, apart from the machine's. */
  serverLoopDelay: { p99Ms: number; maxMs: number };
}

export interface AbuseResults {
  profile: 'quick' | 'full';
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; date: string; loadAverageBefore: number; loadAverageAfter: number };
  note: string;
  floodSockets: number;
  floodMs: number;
  settleMs: number;
  historyEvents: number;
  before: Phase;
  during: Phase;
  flood: FloodReport;
  rssMb: { start: number; peakDuringFlood: number; endOfFlood: number; afterSettle: number; samplesAfter: number[] };
  heapMb: { start: number; afterSettle: number };
  targets: typeof TARGETS;
  targetsMet: { commandP99: boolean; healthP99: boolean; rssReturned: boolean };
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runAbuse(argv: readonly string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const floodMs = quick ? 20_000 : 60_000;
  const baselineMs = quick ? 5_000 : 10_000;
  const settleMs = 60_000;
  const started = performance.now();
  if (argv.includes('--no-pin')) process.env.BENCH_NO_PIN = '1';
  const loadAverageBefore = round1(loadavg()[0] ?? 0);
  say(`Parley abuse run (${quick ? 'quick' : 'full'}): ${FLOOD_SOCKETS} sockets of one member for ${floodMs / 1000}s, then ${settleMs / 1000}s to settle`);

  const profileDir = join(REPO_DIR, 'bench', 'results', 'profiles');
  if (argv.includes('--cpu-prof')) await mkdir(profileDir, { recursive: true });
  // Like the other measures: the server on one core, the flooding client on the other.
  const target = await startChild('abuse-target.ts', [], {
    cpu: SERVER_CPU,
    ...(argv.includes('--cpu-prof') ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  let flooder: ChildHandle | undefined;
  const honest: Socket[] = [];
  try {
    const cast = await target.call<AbuseCast>('seed');
    say(`seeded one talks with ${cast.historyEvents} events of history`);
    const shuttle = await Shuttle.connect(cast, honest);
    // Warm up (JIT, caches), then settle the heap before the starting figure.
    await shuttle.run(2_000);
    await wait(1_000);
    const start = await target.call<MemoryFigures>('memory');
    say(`start: RSS ${mb(start.rss)} MB, heap ${mb(start.heapUsed)} MB`);

    const before = await measure(shuttle, cast.url, baselineMs, target);
    say(`before the flood: command p99 ${before.commands.p99Ms} ms, /health p99 ${before.health.p99Ms} ms`);

    flooder = await startChild('abuse-flood.ts', [], { cpu: LOADGEN_CPU });
    const peak = { rss: start.rss };
    const sampler = setInterval(() => {
      void target.call<number>('rss').then((rss) => (peak.rss = Math.max(peak.rss, rss)), () => undefined);
    }, 500);
    const floodDone = flooder.call<FloodReport>('flood', { url: cast.url, token: cast.tokens.flooder, talksId: cast.talksId, sockets: FLOOD_SOCKETS, durationMs: floodMs }, floodMs + 60_000);
    // Let the flood ramp up before measuring the honest members.
    await wait(1_000);
    const during = await measure(shuttle, cast.url, floodMs - 2_000, target);
    const flood = await floodDone;
    clearInterval(sampler);
    await flooder.stop();
    flooder = undefined;
    const endOfFlood = await target.call<number>('rss');
    say(`during the flood: command p99 ${during.commands.p99Ms} ms (max ${during.commands.maxMs}), /health p99 ${during.health.p99Ms} ms (max ${during.health.maxMs}); server loop delay p99 ${round1(during.serverLoopDelay.p99Ms)} ms, max ${round1(during.serverLoopDelay.maxMs)} ms; peak RSS ${mb(peak.rss)} MB`);
    say(`flood answers: ${JSON.stringify(flood.answers)}; ${flood.connects} connects, ${flood.closedByServer} closed by the server, ${flood.refusedHandshakes} handshakes refused`);

    const samplesAfter: number[] = [];
    for (let waited = 0; waited < settleMs; waited += 10_000) {
      await wait(10_000);
      samplesAfter.push(mb(await target.call<number>('rss')));
    }
    const after = await target.call<MemoryFigures>('memory');
    say(`a minute after: RSS ${mb(after.rss)} MB (start ${mb(start.rss)} MB), heap ${mb(after.heapUsed)} MB`);

    const results: AbuseResults = {
      profile: quick ? 'quick' : 'full',
      machine: machine(loadAverageBefore),
      note: 'Measured on a machine shared with other work (other developers\' test runs): figures vary with their load; compare runs on one machine, not across machines.',
      floodSockets: FLOOD_SOCKETS,
      floodMs,
      settleMs,
      historyEvents: cast.historyEvents,
      before,
      during,
      flood,
      rssMb: { start: mb(start.rss), peakDuringFlood: mb(peak.rss), endOfFlood: mb(endOfFlood), afterSettle: mb(after.rss), samplesAfter },
      heapMb: { start: mb(start.heapUsed), afterSettle: mb(after.heapUsed) },
      targets: TARGETS,
      targetsMet: {
        commandP99: during.commands.p99Ms < TARGETS.commandP99Ms,
        healthP99: during.health.p99Ms < TARGETS.healthP99Ms,
        rssReturned: after.rss <= start.rss * TARGETS.rssReturnRatio,
      },
    };
    await mkdir(join(REPO_DIR, 'bench', 'results'), { recursive: true });
    await writeFile(join(REPO_DIR, 'bench', 'results', 'abuse.json'), `${JSON.stringify(results, null, 2)}\n`);
    say(`targets met: ${JSON.stringify(results.targetsMet)}`);
    say(`Wrote bench/results/abuse.json (${Math.round((performance.now() - started) / 1000)}s).`);
  } finally {
    for (const socket of honest) socket.disconnect();
    await flooder?.stop();
    await target.stop();
  }
}

/** The honest members measure while the shuttle runs; /health is polled beside them. */
async function measure(shuttle: Shuttle, url: string, durationMs: number, target: ChildHandle): Promise<Phase> {
  await target.call('loopReset');
  const health = newHistogram();
  const until = performance.now() + durationMs;
  const polling = (async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      try {
        await fetch(`${url}/health`, { signal: AbortSignal.timeout(30_000) });
      } catch {
        // A health check that failed counts at the time it took.
      }
      recordMs(health, performance.now() - sent);
      await wait(200);
    }
  })();
  const commands = await shuttle.run(durationMs);
  await polling;
  const serverLoopDelay = await target.call<{ p99Ms: number; maxMs: number }>('loopDelay');
  return { commands: summarise(commands.histogram), commandErrors: commands.errors, health: summarise(health), serverLoopDelay };
}

/**
 * The shuttle, closed loop: Northland's head submits, the mediator conveys it to
 * Southland in other words, Southland's head notes it in its caucus, Northland's head
 * reads the talks. Every command's acknowledgement time is recorded.
 */
class Shuttle {
  private constructor(
    private readonly cast: AbuseCast,
    private readonly lead: Socket,
    private readonly headA: Socket,
    private readonly headB: Socket,
  ) {}

  static async connect(cast: AbuseCast, sockets: Socket[]): Promise<Shuttle> {
    const open = (token: string) =>
      new Promise<Socket>((resolve, reject) => {
        const socket = io(cast.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    return new Shuttle(cast, await open(cast.tokens.lead), await open(cast.tokens.headA), await open(cast.tokens.headB));
  }

  async run(durationMs: number): Promise<{ histogram: Histogram; errors: Record<string, number> }> {
    const histogram = newHistogram();
    const errors: Record<string, number> = {};
    const until = performance.now() + durationMs;
    const command = async (socket: Socket, type: string, payload: Record<string, unknown>) => {
      const sent = performance.now();
      let answer: { ok: boolean; result?: Record<string, unknown>; error?: { code: string } };
      try {
        answer = (await socket.timeout(120_000).emitWithAck('command', { commandId: randomUUID(), talksId: this.cast.talksId, type, payload })) as typeof answer;
      } catch {
        answer = { ok: false, error: { code: 'NO_ANSWER' } };
      }
      recordMs(histogram, performance.now() - sent);
      if (!answer.ok) errors[answer.error?.code ?? 'UNKNOWN'] = (errors[answer.error?.code ?? 'UNKNOWN'] ?? 0) + 1;
      return answer;
    };
    for (let n = 0; performance.now() < until; n++) {
      const submitted = await command(this.headA, 'submission.create', { text: `Proposal ${n}: share the reservoir by season.`, disclosure: 'conveyable' });
      const submissionId = submitted.result?.submissionId;
      if (typeof submissionId === 'string') {
        await command(this.lead, 'conveyance.create', { toPartyId: this.cast.parties[1], text: `Northland suggests a seasonal split (${n}).`, submissionId });
      }
      await command(this.headB, 'message.post', { audience: 'caucus', text: `Seen proposal ${n}.` });
      await command(this.headA, 'talks.get', {});
      // People, not a script: a pause between rounds keeps each of them inside its own
      // socket's limit (10 messages a second), as a person clicking would be.
      await wait(250);
    }
    return { histogram, errors };
  }
}

function machine(loadAverageBefore: number): AbuseResults['machine'] {
  const cores = cpus();
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    date: new Date().toISOString(),
    loadAverageBefore,
    loadAverageAfter: round1(loadavg()[0] ?? 0),
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;
