import fc from 'fast-check';
import {
  CLAUSE_STATES,
  DISCLOSURES,
  LANGUAGES,
  type ClauseState,
  type Disclosure,
  type Language,
} from '../../shared/src/index.js';
import type { Pick } from './session-plan.js';

// The generated actions of the road to an agreement (agenda, single negotiating text,
// glossary, package, early implementation, keys, signatures, export), as plain data like
// every other planned action. Most are single commands that reach one rule each; a few
// rounds (agreementRound, signRound, earlyRound) walk a whole path, so that public
// milestones and the export are reached often enough in sessions of bounded length.

export type AgreementAction =
  | { kind: 'agendaAdd'; actor: Pick; described: boolean }
  | { kind: 'agendaUpdate'; actor: Pick; target: Pick; change: 'title' | 'description' | 'same' | 'nothing' }
  /** A party proposes an item through a submission; a mediator adds it in its own words and links it. */
  | { kind: 'proposeItem'; actor: Pick; disclosure: Disclosure }
  | {
      kind: 'agendaLink';
      actor: Pick;
      item: Pick;
      to: 'submission' | 'response' | 'conveyance' | 'clause' | 'unknown';
      target: Pick;
    }
  | {
      kind: 'draftClause';
      actor: Pick;
      /** Revise an existing clause (null: a new one). */
      revise: Pick | null;
      languages: Language[];
      /** Bracketed wordings: 0 (none given), 1 (refused), 2 or 3. */
      alternatives: number;
      duplicateLabels: boolean;
      items: number;
      /** Repeat the clause's current wording (nothing changes). */
      same: boolean;
    }
  | {
      kind: 'clauseState';
      actor: Pick;
      target: Pick;
      state: ClauseState;
      choose: 'none' | 'first' | 'last' | 'unknown';
    }
  | { kind: 'authentic'; actor: Pick; language: Language }
  | { kind: 'defineTerm'; actor: Pick; revise: Pick | null; languages: Language[]; same: boolean }
  | { kind: 'termState'; actor: Pick; target: Pick; state: ClauseState }
  | { kind: 'share'; actor: Pick }
  | { kind: 'comment'; actor: Pick; version: Pick; clause: Pick; objects: boolean }
  | { kind: 'mark'; actor: Pick; version: Pick; clause: Pick; canLiveWith: boolean }
  | { kind: 'accept'; actor: Pick; version: Pick }
  | { kind: 'proposeEarly'; actor: Pick; item: Pick }
  | { kind: 'consentEarly'; actor: Pick; item: Pick }
  /** A mediator proposes an item for early implementation and every head consents. */
  | { kind: 'earlyRound'; item: Pick }
  /** A fresh key, the one the member already has, or a point that is on no curve. */
  | { kind: 'registerKey'; who: number; alg: 'ES256' | 'EdDSA'; key: 'fresh' | 'again' | 'unusable' }
  /** The whole way to an agreed package: negotiation, everything agreed, shared, marked and accepted by every head. */
  | { kind: 'agreementRound'; reader: number }
  /** An agreed package (made first if need be), then `heads` heads sign. */
  | { kind: 'signRound'; heads: number; reader: number }
  /** A head signs (an agreed package is reached first when the actor fits and there is none); the signature may be forged. */
  | { kind: 'sign'; actor: Pick; forge: 'none' | 'otherKey' | 'otherParty' | 'otherVersion' }
  /** GET the export (JSON or printable) as this seat; the seat after the cast is the outsider. */
  | { kind: 'export'; who: number; html: boolean };

const AGREEMENT_KINDS: ReadonlySet<string> = new Set<AgreementAction['kind']>([
  'agendaAdd',
  'agendaUpdate',
  'proposeItem',
  'agendaLink',
  'draftClause',
  'clauseState',
  'authentic',
  'defineTerm',
  'termState',
  'share',
  'comment',
  'mark',
  'accept',
  'proposeEarly',
  'consentEarly',
  'earlyRound',
  'registerKey',
  'agreementRound',
  'signRound',
  'sign',
  'export',
]);

export const isAgreementAction = (action: { kind: string }): action is AgreementAction =>
  AGREEMENT_KINDS.has(action.kind);

const languages = fc.subarray([...LANGUAGES], { minLength: 1 });

/** The agreement's actions with their weights, given the `pick` arbitrary of session-plan.ts. */
export function agreementActions(
  pick: (fitWeight?: number) => fc.Arbitrary<Pick>,
  seats: number,
): fc.WeightedArbitrary<AgreementAction>[] {
  const optionalPick = fc.option(pick(), { freq: 3 });
  return [
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('agendaAdd' as const),
        actor: pick(),
        described: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('agendaUpdate' as const),
        actor: pick(),
        target: pick(),
        change: fc.constantFrom(
          'title' as const,
          'description' as const,
          'same' as const,
          'nothing' as const,
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('proposeItem' as const),
        actor: pick(),
        disclosure: fc.constantFrom(...DISCLOSURES),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('agendaLink' as const),
        actor: pick(),
        item: pick(),
        to: fc.constantFrom(
          'submission' as const,
          'response' as const,
          'conveyance' as const,
          'clause' as const,
          'unknown' as const,
        ),
        target: pick(),
      }),
    },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('draftClause' as const),
        actor: pick(),
        revise: optionalPick,
        languages,
        alternatives: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, fc.constantFrom(1, 2, 3)),
        duplicateLabels: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, fc.constant(true)),
        items: fc.nat(2),
        same: fc.boolean(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('clauseState' as const),
        actor: pick(),
        target: pick(),
        state: fc.constantFrom(...CLAUSE_STATES),
        choose: fc.constantFrom('none' as const, 'first' as const, 'last' as const, 'unknown' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('authentic' as const),
        actor: pick(),
        language: fc.constantFrom(...LANGUAGES),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('defineTerm' as const),
        actor: pick(),
        revise: optionalPick,
        languages,
        same: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('termState' as const),
        actor: pick(),
        target: pick(),
        state: fc.constantFrom(...CLAUSE_STATES),
      }),
    },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('share' as const), actor: pick() }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('comment' as const),
        actor: pick(),
        version: pick(),
        clause: pick(),
        objects: fc.boolean(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('mark' as const),
        actor: pick(),
        version: pick(),
        clause: pick(),
        canLiveWith: fc.boolean(),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('accept' as const), actor: pick(), version: pick() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('proposeEarly' as const), actor: pick(), item: pick() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('consentEarly' as const), actor: pick(), item: pick() }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('earlyRound' as const), item: pick() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('registerKey' as const),
        who: fc.nat(seats - 1),
        alg: fc.constantFrom('ES256' as const, 'EdDSA' as const),
        key: fc.constantFrom('fresh' as const, 'again' as const, 'unusable' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('agreementRound' as const), reader: fc.nat(seats) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('signRound' as const),
        heads: fc.integer({ min: 1, max: 3 }),
        reader: fc.nat(seats),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('sign' as const),
        actor: pick(),
        forge: fc.constantFrom(
          'none' as const,
          'otherKey' as const,
          'otherParty' as const,
          'otherVersion' as const,
        ),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('export' as const), who: fc.nat(seats), html: fc.boolean() }),
    },
  ];
}
