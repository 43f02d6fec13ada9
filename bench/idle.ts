import type { ChildHandle, MemoryFigures } from './child.js';
import type { Profile } from './profile.js';
import type { CastIds, ProposalRunResult } from './proposals.js';
import { allTickets, type SeatedTalks } from './roster.js';
import type { LiveTarget } from './targets.js';

// Idle memory per socket: the target's memory (after full collections) before and
// after every seat of every talks connects, divided by the sockets. Then, on
// Parley, the replay: a fifth of the sockets drop, miss some traffic, and all
// reconnect at once and `sync` from their cursors.

export interface IdleResult {
  sockets: number;
  connectMs: number;
  before: MemoryFigures;
  after: MemoryFigures;
  rssPerSocket: number;
  heapPerSocket: number;
}

export interface ReplayResult {
  sockets: number;
  events: number;
  failed: number;
  ms: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureIdle(loadgen: ChildHandle, target: LiveTarget, talks: readonly SeatedTalks[]): Promise<IdleResult> {
  const tickets = talks.flatMap((one) => allTickets(one, (seat) => target.tokenOf(one, seat)));
  await pause(500);
  const before = await target.memory();
  await loadgen.call('target', { url: target.urlOf(0) });
  const connected = await loadgen.call<{ connected: number; failed: number; ms: number }>('connect', { tickets });
  if (connected.failed > 0) throw new Error(`${target.spec.name}: ${connected.failed} of ${tickets.length} sockets could not connect`);
  await pause(1_000);
  const after = await target.memory();
  return {
    sockets: connected.connected,
    connectMs: Math.round(connected.ms),
    before,
    after,
    rssPerSocket: Math.round((after.rss - before.rss) / connected.connected),
    heapPerSocket: Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / connected.connected),
  };
}

/** Seats that do not carry the proposal path (delegates, observers), `fraction` of all sockets, spread over the talks. */
export function replayingSeats(talks: readonly SeatedTalks[], fraction: number): string[] {
  const total = talks.reduce((sum, one) => sum + one.seats.length, 0);
  const wanted = Math.round(total * fraction);
  const bystanders = talks.map((one) => one.seats.filter((seat) => seat.role === 'delegate' || seat.role === 'observer'));
  const chosen: string[] = [];
  for (let rank = 0; chosen.length < wanted; rank++) {
    const layer = bystanders.flatMap((seats) => seats.slice(rank, rank + 1).map((seat) => seat.memberId));
    if (layer.length === 0) break;
    chosen.push(...layer.slice(0, wanted - chosen.length));
  }
  return chosen;
}

export async function measureReplay(
  loadgen: ChildHandle,
  casts: CastIds[],
  replaying: string[],
  profile: Profile,
): Promise<ReplayResult> {
  const traffic = async () => {
    const count = casts.length * profile.replayProposalsPerTalks;
    const rate = Math.min(500, count);
    await loadgen.call<ProposalRunResult>('proposals', { casts, rate, durationMs: (count / rate) * 1000, graceMs: 5_000, textBytes: profile.textBytes });
  };
  await traffic();
  await loadgen.call('disconnect', { memberIds: replaying });
  await traffic();
  const resumed = await loadgen.call<{ ms: number; events: number; failed: number }>('resume', { memberIds: replaying });
  return { sockets: replaying.length, events: resumed.events, failed: resumed.failed, ms: Math.round(resumed.ms) };
}
