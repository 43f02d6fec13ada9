// How big and how long each measure runs. `--quick` (under 3 minutes) keeps the
// shape of the full run with fewer rounds, shorter steps, fewer idle sockets and a
// smaller store; figures it scales are labelled as such in the table and the JSON.

export interface Profile {
  name: 'quick' | 'full';
  /** Rounds of T2, T3, T4 (T5) in turn. */
  rounds: number;
  /** Rounds that also step the rate up (the others measure latency only). */
  stepRounds: number;
  /** Talks whose mediator and heads carry the proposal path (3 sockets each). */
  rateTalks: number;
  /** Talks whose 13 seats are all connected for the idle-memory and replay measures. */
  idleTalks: number;
  latencyMs: number;
  stepMs: number;
  graceMs: number;
  /** Rate-step plan: start, then doubling until a step fails, then this many bisections. */
  startRate: number;
  bisections: number;
  /** Bytes of each proposal's text. */
  textBytes: number;
  durableRounds: number;
  durableMs: number;
  appenders: number;
  /** The cold-start store: many talks of 1,000 events plus one large talks (the one verified). */
  coldEvents: number;
  largeTalksEvents: number;
  coldStarts: number;
  /** Timed verification passes (after one warm-up pass). */
  verifyRuns: number;
  replayFraction: number;
  /** Proposals per talks before and while the replaying sockets are away. */
  replayProposalsPerTalks: number;
}

const QUICK: Profile = {
  name: 'quick',
  rounds: 2,
  stepRounds: 1,
  rateTalks: 400,
  idleTalks: 100,
  latencyMs: 3_000,
  stepMs: 1_200,
  graceMs: 1_200,
  startRate: 250,
  bisections: 1,
  textBytes: 256,
  durableRounds: 2,
  durableMs: 2_000,
  appenders: 256,
  coldEvents: 200_000,
  largeTalksEvents: 50_000,
  coldStarts: 3,
  verifyRuns: 1,
  replayFraction: 0.2,
  replayProposalsPerTalks: 2,
};

const FULL: Profile = {
  name: 'full',
  rounds: 3,
  stepRounds: 3,
  rateTalks: 1000,
  idleTalks: 1000,
  latencyMs: 10_000,
  stepMs: 4_000,
  graceMs: 2_000,
  startRate: 250,
  bisections: 3,
  textBytes: 256,
  durableRounds: 3,
  durableMs: 5_000,
  appenders: 256,
  coldEvents: 1_000_000,
  largeTalksEvents: 200_000,
  coldStarts: 5,
  verifyRuns: 3,
  replayFraction: 0.2,
  replayProposalsPerTalks: 2,
};

export const profileOf = (argv: readonly string[]): Profile => (argv.includes('--quick') ? QUICK : FULL);

/** The deployment the issue sizes Parley for: 1,000 talks of 13 sockets. */
export const REFERENCE_SOCKETS = 13_000;
export const P99_LIMIT_MS = 100;
