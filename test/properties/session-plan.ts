import fc from 'fast-check';
import {
  CONVEYANCE_KINDS,
  DISCLOSURES,
  PHASES,
  STANCES,
  type ConveyanceKind,
  type Disclosure,
  type Phase,
  type Stance,
} from '../../shared/src/index.js';
import { agreementActions, type AgreementAction } from './agreement-plan.js';

// A generated session, as plain data (so fast-check can print and shrink it). Every choice
// of a member or a target is a number resolved against the session's state when the
// action runs (modulo the candidates), so a plan is meaningful whatever ids the server
// hands out. `fit` says whether the actor is drawn from the members the action suits
// (mostly) or from the whole cast (to exercise refusals).

/** The cast, by seat: 0 lead, 1 co-mediator, 2/3 head/delegate of A, 4/5 of B, 6/7 of C, 8 observer. */
export const CAST_SIZE = 9;

export interface Pick {
  fit: boolean;
  index: number;
}

export type Wording = 'exact' | 'reworded' | 'amended';

export type Action =
  | { kind: 'post'; actor: Pick; channel: 'caucus' | 'room' | 'mediation' | 'joint'; party: 'none' | 'own' | 'other'; to: number }
  | { kind: 'submit'; actor: Pick; disclosure: Disclosure }
  | { kind: 'withdraw'; actor: Pick; target: Pick }
  | {
      kind: 'convey';
      actor: Pick;
      source: 'submission' | 'response' | 'bridge';
      target: Pick;
      to: number;
      wording: Wording;
      /** [CNV4] What the mediator says it puts to the party (null: left to the server). */
      as: ConveyanceKind | null;
    }
  | { kind: 'respond'; actor: Pick; target: Pick; stance: Stance; disclosure: Disclosure }
  | { kind: 'draft'; actor: Pick }
  | { kind: 'approve'; actor: Pick; target: Pick }
  | { kind: 'approveAll'; target: Pick }
  | { kind: 'summaryRound'; drafter: Pick }
  | { kind: 'requestChanges'; actor: Pick; target: Pick }
  | { kind: 'publish'; actor: Pick; target: Pick }
  | { kind: 'revise'; actor: Pick; target: Pick }
  | { kind: 'withdrawSummary'; actor: Pick; target: Pick }
  | { kind: 'markInbox'; actor: Pick; source: 'submission' | 'response'; target: Pick; handled: boolean }
  | { kind: 'phase'; actor: Pick; to: Phase }
  | { kind: 'remove'; actor: Pick; target: number }
  | { kind: 'disconnect'; who: number }
  | { kind: 'resume'; who: number }
  | { kind: 'read'; actor: Pick; what: 'talks.get' | 'audit.read' }
  | { kind: 'lateJoin'; party: number }
  | { kind: 'probe'; who: number; limit: number | null }
  | { kind: 'outsider'; what: 'command' | 'sync'; type: 'message.post' | 'submission.create' | 'talks.get' | 'summary.draft' }
  | AgreementAction;

export interface SessionPlan {
  /** Makes the session's canaries unique. */
  nonce: string;
  /** Who sponsors the observer: party 0, 1 or 2. */
  sponsor: number;
  actions: Action[];
  /** Restart the server after this many actions (rarely: it is slow). */
  restartAfter: number | null;
  /**
   * Every member calls every read path after this many actions (or at the end, when the
   * session is shorter); null for none. Sampled, not every session: a sweep is ~60 requests.
   */
  sweepAfter: number | null;
}

const pick = (fitWeight = 6): fc.Arbitrary<Pick> =>
  fc.record({ fit: fc.oneof({ arbitrary: fc.constant(true), weight: fitWeight }, fc.constant(false)), index: fc.nat(40) });

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      actor: pick(),
      channel: fc.constantFrom('caucus' as const, 'room' as const, 'mediation' as const, 'joint' as const),
      party: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 6 }, fc.constantFrom('own' as const, 'other' as const)),
      to: fc.nat(2),
    }),
  },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('submit' as const), actor: pick(), disclosure: fc.constantFrom(...DISCLOSURES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), actor: pick(), target: pick() }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('convey' as const),
      actor: pick(),
      source: fc.oneof(
        { arbitrary: fc.constant('submission' as const), weight: 6 },
        { arbitrary: fc.constant('response' as const), weight: 3 },
        { arbitrary: fc.constant('bridge' as const), weight: 1 },
      ),
      target: pick(),
      to: fc.nat(2),
      wording: fc.constantFrom('exact' as const, 'reworded' as const, 'amended' as const),
      as: fc.option(fc.constantFrom(...CONVEYANCE_KINDS), { freq: 3 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('respond' as const),
      actor: pick(),
      target: pick(),
      stance: fc.constantFrom(...STANCES),
      disclosure: fc.constantFrom(...DISCLOSURES),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('draft' as const), actor: pick() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('approve' as const), actor: pick(), target: pick() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('approveAll' as const), target: pick() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('summaryRound' as const), drafter: pick() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('requestChanges' as const), actor: pick(), target: pick() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('publish' as const), actor: pick(), target: pick() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('revise' as const), actor: pick(), target: pick() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdrawSummary' as const), actor: pick(), target: pick() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('markInbox' as const),
      actor: pick(),
      source: fc.constantFrom('submission' as const, 'response' as const),
      target: pick(),
      handled: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, fc.constant(false)),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('phase' as const),
      actor: pick(12),
      to: fc.oneof(
        { arbitrary: fc.constant('negotiation' as const), weight: 5 },
        { arbitrary: fc.constantFrom(...PHASES.filter((phase) => phase !== 'concluded')), weight: 6 },
        { arbitrary: fc.constant('concluded' as const), weight: 1 },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), actor: pick(12), target: fc.nat(40) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), who: fc.nat(CAST_SIZE - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('resume' as const), who: fc.nat(CAST_SIZE - 1) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      actor: pick(2),
      what: fc.constantFrom('talks.get' as const, 'audit.read' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lateJoin' as const), party: fc.nat(2) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('probe' as const), who: fc.nat(CAST_SIZE - 1), limit: fc.option(fc.integer({ min: 1, max: 4 })) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('outsider' as const),
      what: fc.constantFrom('command' as const, 'sync' as const),
      type: fc.constantFrom('message.post' as const, 'submission.create' as const, 'talks.get' as const, 'summary.draft' as const),
    }),
  },
  ...agreementActions(pick, CAST_SIZE),
);

export interface PlanSize {
  minActions: number;
  maxActions: number;
  /** One session in this many restarts the server. */
  restartOneIn: number;
  /** One session in this many sweeps every read path. */
  sweepOneIn: number;
}

export const sessionPlan = (size: PlanSize): fc.Arbitrary<SessionPlan> =>
  fc.record({
    nonce: fc.stringMatching(/^[a-z0-9]{6}$/),
    sponsor: fc.nat(2),
    actions: fc.array(action, { minLength: size.minActions, maxLength: size.maxActions }),
    restartAfter: fc.option(fc.nat(size.maxActions), { freq: size.restartOneIn }),
    sweepAfter: fc.oneof(
      { weight: 1, arbitrary: fc.nat(size.maxActions) },
      { weight: Math.max(0, size.sweepOneIn - 1), arbitrary: fc.constant(null) },
    ),
  });
