import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../../bench/fleet.js';
import { merge } from '../../bench/histogram.js';
import { replayingSeats } from '../../bench/idle.js';
import { startParley, type RunningParley } from '../../bench/parley.js';
import { runProposals, type ProposalRunOptions } from '../../bench/proposals.js';
import { castIdsOf } from '../../bench/rate.js';
import { startRelay, type RunningRelay } from '../../bench/relay.js';
import { allTickets, relayToken, shuttleCast, type Roster, type SeatedTalks, type Ticket } from '../../bench/roster.js';
import { issueTokens, seedStore, SEATS_PER_TALKS } from '../../bench/seed.js';

// Keeps the benchmark harness working: the same small proposal run against the bare
// relay (T2) and against Parley, in process. It checks that every proposal arrives
// and is measured, never how fast: timings belong to `npm run bench`.

const TALKS = 10;
// 8 proposals/s per talks keeps each mediator under Parley's per-socket command rate (10/s).
const RUN: Omit<ProposalRunOptions, 'casts'> = { rate: 80, durationMs: 2_500, graceMs: 20_000, textBytes: 256 };

let dataDir: string;
let roster: Roster;
let tokens: Map<string, string>;
let relay: RunningRelay;
let parley: RunningParley;
const fleets: Fleet[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-bench-smoke-'));
  roster = await seedStore(dataDir, TALKS);
  tokens = await issueTokens(dataDir, roster);
  relay = await startRelay();
  parley = await startParley({ dataDir });
});

afterAll(async () => {
  for (const fleet of fleets) fleet.closeAll();
  await relay.close();
  await parley.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function fleetOf(url: string, tickets: Ticket[]): Promise<Fleet> {
  const fleet = new Fleet(url);
  fleets.push(fleet);
  const connected = await fleet.connect(tickets, 20);
  expect(connected.failed).toBe(0);
  return fleet;
}

const castTickets = (tokenOf: (talks: SeatedTalks, seat: Ticket) => string) =>
  roster.talks.flatMap((talks) => {
    const cast = shuttleCast(talks, (seat) => tokenOf(talks, { ...seat, talksId: talks.talksId, token: '' }));
    return [cast.mediator, ...cast.heads];
  });

describe('the benchmark harness', () => {
  it('seeds talks of two delegations of five, a mediator and two observers, in pre-negotiation', () => {
    expect(roster.talks).toHaveLength(TALKS);
    for (const talks of roster.talks) expect(talks.seats).toHaveLength(SEATS_PER_TALKS);
  });

  it('carries every proposal through the bare relay and records each hop', async () => {
    const fleet = await fleetOf(relay.url, castTickets(relayToken));
    const result = await runProposals(fleet, { ...RUN, casts: castIdsOf(roster.talks) });
    expect(result.errors).toEqual({});
    expect(result.missing).toBe(0);
    expect(result.delivered).toBe(result.sent);
    expect(result.proposal.count).toBe(result.sent);
    expect(result.submitHop.count).toBe(result.sent);
    expect(merge([result.histograms.proposal]).totalCount).toBe(result.sent);
  });

  it('carries every proposal through Parley (authenticated, validated, appended, fanned out to its audience)', async () => {
    const fleet = await fleetOf(parley.url, castTickets((_talks, seat) => tokens.get(seat.memberId) ?? ''));
    const result = await runProposals(fleet, { ...RUN, casts: castIdsOf(roster.talks) });
    expect(result.errors).toEqual({});
    expect(result.missing).toBe(0);
    expect(result.delivered).toBe(result.sent);
    expect(result.conveyHop.count).toBe(result.sent);
    const talks = roster.talks[0];
    if (!talks) throw new Error('no talks seeded');
    // Each proposal appended a submission, a delivery and a disclosure to the talks' log.
    const head = await parley.log.head(talks.talksId);
    expect(head.seq).toBeGreaterThanOrEqual(3 * (result.sent / TALKS));
  });

  it('resumes dropped Parley sockets with sync from their cursors and replays what they missed', async () => {
    const everyone = roster.talks.flatMap((talks) => allTickets(talks, (seat) => tokens.get(seat.memberId) ?? ''));
    const fleet = await fleetOf(parley.url, everyone);
    const away = replayingSeats(roster.talks, 0.2);
    expect(away).toHaveLength(Math.round(TALKS * SEATS_PER_TALKS * 0.2));
    fleet.disconnect(away);
    const missed = await runProposals(fleet, { ...RUN, durationMs: 1_000, casts: castIdsOf(roster.talks) });
    expect(missed.missing).toBe(0);
    const resumed = await fleet.resume(away);
    expect(resumed.failed).toBe(0);
    expect(resumed.events).toBeGreaterThan(0);
  });
});
