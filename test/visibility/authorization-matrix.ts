import type { ErrorCode, Phase } from '../../shared/src/index.js';

// Who may do what, and who may read what, as data. Written from the rules of the talks
// (docs/SPEC.md, PROTOCOL.md), never from the server's own visibility code, so that the
// tests built on it (the matrix tests here and the leak oracle in test/support/oracle.ts)
// check the server against an independent statement of the rules.
//
// Every actor belongs to party A: a head or delegate of A, an observer invited on A's
// behalf; mediators belong to no party. "Another party" is B.

export const ACTING_ROLES = ['lead-mediator', 'co-mediator', 'head', 'delegate', 'observer'] as const;
export type ActingRole = (typeof ACTING_ROLES)[number];

/** What a command gets: accepted, or refused with this code. */
export type Expected = 'allowed' | ErrorCode;

type Row = Readonly<Record<ActingRole, Expected>>;

const F = 'FORBIDDEN';
const row = (lead: Expected, co: Expected, head: Expected, delegate: Expected, observer: Expected): Row => ({
  'lead-mediator': lead,
  'co-mediator': co,
  head,
  delegate,
  observer,
});
const leadOnly = row('allowed', F, F, F, F);
const mediatorsOnly = row('allowed', 'allowed', F, F, F);
const delegationOnly = row(F, F, 'allowed', 'allowed', F);
const headOnly = row(F, F, 'allowed', F, F);
const everyone = row('allowed', 'allowed', 'allowed', 'allowed', 'allowed');

/**
 * The command matrix. Each case runs in a phase where its activity is allowed and with its
 * targets in place (see the setups in authorization-matrix.test.ts), so only the role (and,
 * where the case says so, the target's owner or state) decides the outcome. Role checks come
 * before everything else: a role that may never do a thing hears FORBIDDEN even when the
 * target's state would also refuse it.
 */
export const COMMAND_MATRIX = {
  'talks.get': everyone,
  'member.invite': leadOnly,
  'invite.revoke': leadOnly,
  'member.remove': leadOnly,
  'member.offerReentry': leadOnly,
  'phase.change': leadOnly,
  'audit.read': leadOnly,

  'message.post to the own caucus': delegationOnly,
  'message.post to another party’s caucus': row(F, F, F, F, F),
  'message.post to the own room (a mediator names party A)': row('allowed', 'allowed', 'allowed', 'allowed', F),
  'message.post to another party’s room (naming party B)': row('allowed', 'allowed', F, F, F),
  'message.post to a room without naming a party': row('INVALID_INPUT', 'INVALID_INPUT', 'allowed', 'allowed', F),
  'message.post to mediation': mediatorsOnly,
  'message.post to joint in negotiation': row('allowed', 'allowed', 'allowed', 'allowed', F),
  'message.post to joint before negotiation': row('PHASE', 'PHASE', 'PHASE', 'PHASE', F),

  'submission.create': delegationOnly,
  'submission.withdraw of the own party’s submission': delegationOnly,
  'submission.withdraw of another party’s submission': row(F, F, 'NOT_FOUND', 'NOT_FOUND', F),

  'conveyance.create as a bridging proposal': mediatorsOnly,
  'conveyance.create citing a conveyable submission in other words': mediatorsOnly,
  'conveyance.create citing a verbatim submission word for word': mediatorsOnly,
  'conveyance.create citing a verbatim submission in other words': row('DISCLOSURE', 'DISCLOSURE', F, F, F),
  'conveyance.create citing a mediator-only submission': row('DISCLOSURE', 'DISCLOSURE', F, F, F),
  'conveyance.create citing a withdrawn submission': row('DISCLOSURE', 'DISCLOSURE', F, F, F),
  'conveyance.create citing a conveyable response': mediatorsOnly,
  'conveyance.create in preparation': row('PHASE', 'PHASE', F, F, F),

  'response.create accept': headOnly,
  'response.create reject': headOnly,
  'response.create counter': delegationOnly,
  'response.create clarify': delegationOnly,
  'response.create counter to a conveyance delivered to another party': row(F, F, 'NOT_FOUND', 'NOT_FOUND', F),

  'summary.draft': mediatorsOnly,
  'summary.approve': headOnly,
  'summary.requestChanges': headOnly,
  'summary.publish once every head approved': leadOnly,
  'summary.publish before every head approved': row('CONFLICT', F, F, F, F),

  // [CNV4][RSP2-4] Questions are answered, not accepted; only the head changes the head's decision.
  'conveyance.create of a party’s question as a proposal': row('INVALID_INPUT', 'INVALID_INPUT', F, F, F),
  'response.create answer to a question': delegationOnly,
  'response.create accept to a question': row(F, F, 'INVALID_INPUT', F, F),
  'response.create counter after the head accepted': row(F, F, 'allowed', 'CONFLICT', F),
  // [SUM5][SUM6] Mediators revise and withdraw summaries; a withdrawn one is closed.
  'summary.revise after changes were requested': mediatorsOnly,
  'summary.withdraw': mediatorsOnly,
  'summary.approve of a withdrawn summary': row(F, F, 'CONFLICT', F, F),
  // [INB1] The inbox is the mediators' own.
  'inbox.mark a submission handled': mediatorsOnly,
  'inbox.mark an unknown item': row('NOT_FOUND', 'NOT_FOUND', F, F, F),

  // [AG1][AG2] The mediators keep the agenda; a party proposes an item through a submission.
  'agenda.add': mediatorsOnly,
  'agenda.update': mediatorsOnly,
  'agenda.update with nothing to change': row('INVALID_INPUT', 'INVALID_INPUT', F, F, F),
  'agenda.link to a party’s submission': mediatorsOnly,
  'agenda.link naming two targets': row('INVALID_INPUT', 'INVALID_INPUT', F, F, F),
  // [TXT1-4][LNG1-2] The mediators draft, the parties comment on what was shared.
  'text.draftClause': mediatorsOnly,
  'text.draftClause revising an unknown clause': row('NOT_FOUND', 'NOT_FOUND', F, F, F),
  'text.draftClause with one alternative alone': row('INVALID_INPUT', 'INVALID_INPUT', F, F, F),
  'text.setClauseState choosing a bracketed wording': mediatorsOnly,
  'text.setClauseState leaving the brackets without a choice': row('CONFLICT', 'CONFLICT', F, F, F),
  'text.setAuthentic': mediatorsOnly,
  'text.shareVersion': mediatorsOnly,
  'text.shareVersion with nothing changed': row('CONFLICT', 'CONFLICT', F, F, F),
  'text.comment on a clause of a shared version': delegationOnly,
  'text.comment on a clause drafted but not shared': row(F, F, 'NOT_FOUND', 'NOT_FOUND', F),
  'glossary.define': mediatorsOnly,
  'glossary.setState': mediatorsOnly,
  'glossary.setState to bracketed': row('INVALID_INPUT', 'INVALID_INPUT', F, F, F),
  // [PKG1-4] Heads mark, accept and consent, each for its own party.
  'package.mark': headOnly,
  'package.mark on a version no longer current': row(F, F, 'CONFLICT', F, F),
  'package.accept once everything is agreed and marked': headOnly,
  'package.accept before the party marked every clause': row(F, F, 'CONFLICT', F, F),
  'item.proposeEarly': mediatorsOnly,
  'item.consentEarly to a proposed item': headOnly,
  'item.consentEarly before a proposal': row(F, F, 'CONFLICT', F, F),
  // [SIG1-3] Anyone registers a key; only a head signs, the agreed version, for its own party.
  'member.registerKey': everyone,
  'agreement.sign of the agreed version': headOnly,
  'agreement.sign before the package is agreed': row(F, F, 'CONFLICT', F, F),
  'agreement.sign naming another party': row(F, F, 'INVALID_INPUT', F, F),

  'an unknown command type': row('INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT', 'INVALID_INPUT'),
} as const satisfies Record<string, Row>;

export type CommandCase = keyof typeof COMMAND_MATRIX;
export const COMMAND_CASES = Object.keys(COMMAND_MATRIX) as CommandCase[];

/** Readers of an audience: the acting roles, a removed member, and a member of another talks. */
export const READER_ROLES = [...ACTING_ROLES, 'removed', 'outsider'] as const;
export type ReaderRole = (typeof READER_ROLES)[number];

/** Audiences as seen from party A: its own caucus and room, and those of another party B. */
export const AUDIENCE_KINDS = ['caucus:A', 'caucus:B', 'room:A', 'room:B', 'mediation', 'joint', 'gallery'] as const;
export type AudienceKind = (typeof AUDIENCE_KINDS)[number];

type Reads = Readonly<Record<ReaderRole, boolean>>;
const reads = (mediators: boolean, delegation: boolean, observer: boolean): Reads => ({
  'lead-mediator': mediators,
  'co-mediator': mediators,
  head: delegation,
  delegate: delegation,
  observer,
  removed: false,
  outsider: false,
});

/**
 * The audience matrix: who may read each audience. Mediators never read a caucus; a
 * delegation reads its own caucus and room, never another party's; observers read the
 * gallery only; removed members and outsiders read nothing.
 */
export const AUDIENCE_MATRIX = {
  'caucus:A': reads(false, true, false),
  'caucus:B': reads(false, false, false),
  'room:A': reads(true, true, false),
  'room:B': reads(true, false, false),
  mediation: reads(true, false, false),
  joint: reads(true, true, false),
  gallery: reads(true, true, true),
} as const satisfies Record<AudienceKind, Reads>;

/**
 * [VIS1][VIS2] The audience of every agreement event, as the SPEC's table gives it, seen from
 * party A: what a party does with the text (comments, marks, acceptance, consent) stays in its
 * own room; the working draft and the agenda's links are the mediators' own; the agenda, each
 * shared version, a proposal of early implementation and each signature reach every
 * delegation at once; public milestones reach the gallery.
 */
export const AGREEMENT_EVENT_AUDIENCES = {
  'agenda.itemAdded': 'joint',
  'agenda.itemUpdated': 'joint',
  'agenda.linked': 'mediation',
  'text.clauseDrafted': 'mediation',
  'text.clauseStateSet': 'mediation',
  'text.authenticSet': 'mediation',
  'glossary.termDefined': 'mediation',
  'glossary.termStateSet': 'mediation',
  'text.versionShared': 'joint',
  'text.commented by party A': 'room:A',
  'text.commented by party B': 'room:B',
  'package.marked by party A': 'room:A',
  'package.marked by party B': 'room:B',
  'package.accepted by party A': 'room:A',
  'package.accepted by party B': 'room:B',
  'package.agreed': 'gallery',
  'item.earlyProposed': 'joint',
  'item.earlyConsented by party A': 'room:A',
  'item.earlyConsented by party B': 'room:B',
  'item.implementedEarly': 'gallery',
  'member.keyRegistered by the head of A': 'room:A',
  'member.keyRegistered by the head of B': 'room:B',
  'member.keyRegistered by a co-mediator': 'joint',
  'member.keyRegistered by an observer': 'mediation',
  'agreement.signed': 'joint',
  'agreement.concluded': 'gallery',
} as const satisfies Record<string, AudienceKind>;
export type AgreementEventCase = keyof typeof AGREEMENT_EVENT_AUDIENCES;

/** Command types no version of Parley has: each is refused with INVALID_INPUT and changes nothing. */
export const UNKNOWN_COMMAND_TYPES = [
  'talks.delete',
  'audience.join',
  'room.join',
  'caucus.read',
  'audit.write',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'submission.create ',
  'SUBMISSION.CREATE',
] as const;

/** [PH1] The phase graph. */
export const NEXT_PHASES: Readonly<Record<Phase, readonly Phase[]>> = {
  preparation: ['pre-negotiation', 'suspended'],
  'pre-negotiation': ['preparation', 'negotiation', 'suspended'],
  negotiation: ['pre-negotiation', 'concluded', 'suspended'],
  suspended: ['preparation', 'pre-negotiation', 'negotiation'],
  concluded: [],
};

export type Activity =
  | 'membership'
  | 'talk'
  | 'joint'
  | 'submit'
  | 'withdraw'
  | 'shuttle'
  | 'summarise'
  | 'agenda'
  | 'text'
  | 'package'
  | 'keys';
const ALL_BUT_CONCLUDED: readonly Phase[] = ['preparation', 'pre-negotiation', 'negotiation', 'suspended'];

/** [PH2] The phases in which each activity is allowed. */
export const ACTIVITY_PHASES: Readonly<Record<Activity, readonly Phase[]>> = {
  membership: ALL_BUT_CONCLUDED,
  talk: ALL_BUT_CONCLUDED,
  joint: ['negotiation'],
  submit: ['preparation', 'pre-negotiation', 'negotiation'],
  withdraw: ALL_BUT_CONCLUDED,
  shuttle: ['pre-negotiation', 'negotiation'],
  summarise: [...ALL_BUT_CONCLUDED, 'concluded'],
  agenda: ['preparation', 'pre-negotiation', 'negotiation'],
  text: ['pre-negotiation', 'negotiation'],
  package: ['negotiation'],
  keys: ALL_BUT_CONCLUDED,
};

/**
 * [PH2] One accepted case of each agreement command, with a role that may send it and the
 * activity it belongs to: in every phase that activity does not allow, the same command is
 * refused with PHASE (and in every other phase it is accepted).
 */
export const AGREEMENT_PHASE_CASES: readonly { command: CommandCase; role: ActingRole; activity: Activity }[] = [
  { command: 'agenda.add', role: 'co-mediator', activity: 'agenda' },
  { command: 'agenda.update', role: 'lead-mediator', activity: 'agenda' },
  { command: 'agenda.link to a party’s submission', role: 'lead-mediator', activity: 'agenda' },
  { command: 'text.draftClause', role: 'co-mediator', activity: 'text' },
  { command: 'text.setClauseState choosing a bracketed wording', role: 'lead-mediator', activity: 'text' },
  { command: 'text.setAuthentic', role: 'lead-mediator', activity: 'text' },
  { command: 'text.shareVersion', role: 'co-mediator', activity: 'text' },
  { command: 'text.comment on a clause of a shared version', role: 'delegate', activity: 'text' },
  { command: 'glossary.define', role: 'lead-mediator', activity: 'text' },
  { command: 'glossary.setState', role: 'co-mediator', activity: 'text' },
  { command: 'item.proposeEarly', role: 'co-mediator', activity: 'text' },
  { command: 'item.consentEarly to a proposed item', role: 'head', activity: 'text' },
  { command: 'package.mark', role: 'head', activity: 'package' },
  { command: 'package.accept once everything is agreed and marked', role: 'head', activity: 'package' },
  { command: 'agreement.sign of the agreed version', role: 'head', activity: 'package' },
  { command: 'member.registerKey', role: 'observer', activity: 'keys' },
];
