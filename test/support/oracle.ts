import type { CommandPayloads, ErrorCode, Phase, Role } from '../../shared/src/index.js';
import {
  ACTIVITY_PHASES,
  AUDIENCE_MATRIX,
  NEXT_PHASES,
  type Activity,
  type AudienceKind,
} from '../visibility/authorization-matrix.js';
import { AGREEMENT_TYPES, AgreementModel, type AgreementCommand, type AgreementType } from './agreement-oracle.js';
import { canariesIn } from './canary.js';
import { membershipAudience } from './event-rules.js';
import { judge, resultId, type ExpectedEvent, type Prediction } from './prediction.js';

export { membershipAudience } from './event-rules.js';
export type { ExpectedEvent, Prediction } from './prediction.js';

// The leak oracle: an independent model of one talks, written from the rules (docs/SPEC.md,
// PROTOCOL.md and the audience matrix), never from the server's code. It predicts the answer
// to every command, names the events a success must produce and their audiences, and
// remembers where each canary was published, so it can say of any frame whether its
// recipient may hold every canary in it. The agenda, the negotiating text, the package and
// the signatures are modelled in agreement-oracle.ts; the audience of every event type and
// the fields its payload may carry are in event-rules.ts.

export interface Reader {
  role: Role;
  partyId: string | null;
  removed: boolean;
}

/** [VIS3] Whether a member may read an audience, straight from the audience matrix. */
export function mayRead(reader: Reader, audience: string): boolean {
  if (reader.removed) return false;
  const kind = kindOf(audience, reader.partyId);
  return kind !== undefined && AUDIENCE_MATRIX[kind][reader.role];
}

function kindOf(audience: string, partyId: string | null): AudienceKind | undefined {
  if (audience === 'mediation' || audience === 'joint' || audience === 'gallery') return audience;
  const match = /^(caucus|room):(.+)$/.exec(audience);
  if (!match) return undefined;
  const own = partyId !== null && match[2] === partyId;
  return match[1] === 'caucus' ? (own ? 'caucus:A' : 'caucus:B') : own ? 'room:A' : 'room:B';
}

export type ModelledType =
  | 'talks.get'
  | 'audit.read'
  | 'member.remove'
  | 'phase.change'
  | 'message.post'
  | 'submission.create'
  | 'submission.withdraw'
  | 'conveyance.create'
  | 'response.create'
  | 'summary.draft'
  | 'summary.approve'
  | 'summary.requestChanges'
  | 'summary.publish'
  | 'summary.revise'
  | 'summary.withdraw'
  | 'inbox.mark'
  | AgreementType;

/** A command the oracle can judge. */
export type ModelCommand = { [K in ModelledType]: { type: K; payload: CommandPayloads[K] } }[ModelledType];

const isAgreementCommand = (command: ModelCommand): command is AgreementCommand => AGREEMENT_TYPES.has(command.type);

export interface OracleMember {
  id: string;
  role: Role;
  partyId: string | null;
  /** The oracle's clock when the member was removed; null while a member. */
  removedAt: number | null;
}

interface Source {
  id: string;
  partyId: string;
  text: string;
  disclosure: 'mediator-only' | 'conveyable' | 'verbatim';
  withdrawn: boolean;
}

interface Summary {
  id: string;
  text: string;
  approvals: Set<string>;
  published: boolean;
  /** [SUM6] */
  withdrawn: boolean;
}

/** [CNV4] What a conveyance puts to its party, and [RSP4] the stances each kind takes. */
type Kind = 'proposal' | 'question' | 'answer';
const STANCES_OF: Record<Kind, readonly string[]> = {
  proposal: ['accept', 'reject', 'counter', 'clarify'],
  question: ['answer'],
  answer: ['clarify'],
};
/** [RSP2] Stances that replace the party's earlier one. */
const DECIDING = ['accept', 'reject', 'counter', 'answer'];

interface Publication {
  audience: string;
  at: number;
}

const isMediator = (role: Role) => role === 'lead-mediator' || role === 'co-mediator';
const isDelegation = (role: Role) => role === 'head' || role === 'delegate';

export class TalksOracle {
  phase: Phase = 'preparation';
  /** Counts accepted commands; publications and removals are dated by it. */
  clock = 0;
  readonly members = new Map<string, OracleMember>();
  readonly submissions = new Map<string, Source>();
  readonly responses = new Map<string, Source & { conveyanceId: string; stance: string }>();
  readonly conveyances = new Map<string, { toPartyId: string; kind: Kind }>();
  /** [RSP2] The current answer of each party to each conveyance, keyed `conveyanceId:partyId`. */
  readonly #currentAnswers = new Map<string, { stance: string; byHead: boolean }>();
  /** [INB1] Inbox items marked handled. */
  readonly #handled = new Set<string>();
  readonly summaries = new Map<string, Summary>();
  readonly #authors = new Map<string, string>();
  readonly #publications = new Map<string, Publication[]>();
  /** The agenda, the negotiating text, the package and the signatures. */
  readonly agreement: AgreementModel;

  constructor(
    readonly talksId: string,
    readonly partyIds: readonly string[],
    talks: { title: string; parties: readonly { id: string; name: string }[] } = {
      title: '',
      parties: partyIds.map((id) => ({ id, name: '' })),
    },
  ) {
    const phase = () => this.phase;
    this.agreement = new AgreementModel({
      get phase() {
        return phase();
      },
      talksId,
      title: talks.title,
      parties: talks.parties,
      knows: (kind, id) =>
        (kind === 'submission' ? this.submissions : kind === 'response' ? this.responses : this.conveyances).has(id),
    });
  }

  seat(member: { id: string; role: Role; partyId: string | null }): void {
    this.members.set(member.id, { ...member, removedAt: null });
  }

  /** The member wrote a text carrying these canaries (whatever then happens to the command). */
  wrote(memberId: string, text: string): void {
    for (const canary of canariesIn(text)) this.#authors.set(canary, memberId);
  }

  reader(memberId: string): Reader {
    const member = this.#member(memberId);
    return { role: member.role, partyId: member.partyId, removed: member.removedAt !== null };
  }

  /** Whether this member may ever have received this canary: it wrote it, or could read an audience it reached. */
  mayHold(memberId: string, canary: string): boolean {
    const member = this.members.get(memberId);
    if (!member) return false;
    if (this.#authors.get(canary) === memberId) return true;
    const reader = { role: member.role, partyId: member.partyId, removed: false };
    return (this.#publications.get(canary) ?? []).some(
      (publication) =>
        (member.removedAt === null || publication.at < member.removedAt) && mayRead(reader, publication.audience),
    );
  }

  /**
   * [VIS5][VIS8] Whether one member may know of another (see it listed, learn its presence):
   * itself, or one whose joining it could read. Removal is not considered: it only narrows
   * what arrives later, and presence carries no date to judge it by.
   */
  mayKnow(readerId: string, otherId: string): boolean {
    const reader = this.members.get(readerId);
    const other = this.members.get(otherId);
    if (!reader || !other) return false;
    return readerId === otherId || mayRead({ role: reader.role, partyId: reader.partyId, removed: false }, membershipAudience(other));
  }

  /** Where a canary was published so far (for failure reports). */
  publicationsOf(canary: string): readonly Publication[] {
    return this.#publications.get(canary) ?? [];
  }

  predict(actorId: string, command: ModelCommand): Prediction {
    const actor = this.#member(actorId);
    if (actor.removedAt !== null) return { ok: false, codes: ['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED'] };
    if (isAgreementCommand(command)) return this.agreement.predict(actor, command);
    const { role } = actor;
    const own = actor.partyId;
    const inPhase = (activity: Activity): ErrorCode | false => !ACTIVITY_PHASES[activity].includes(this.phase) && 'PHASE';
    switch (command.type) {
      case 'talks.get':
        return { ok: true };
      case 'audit.read':
        return judge([role !== 'lead-mediator' && 'FORBIDDEN']);
      case 'member.remove': {
        const target = this.members.get(command.payload.memberId);
        const removed = target !== undefined && target.removedAt !== null;
        return judge(
          [role !== 'lead-mediator' && 'FORBIDDEN'],
          [inPhase('membership')],
          // Removing a removed member: the rules say neither NOT_FOUND nor CONFLICT, so both are fine.
          [target === undefined && 'NOT_FOUND', removed && 'NOT_FOUND', removed && 'CONFLICT'],
        );
      }
      case 'phase.change': {
        const { to } = command.payload;
        const edge = NEXT_PHASES[this.phase].includes(to);
        return judge(
          [role !== 'lead-mediator' && 'FORBIDDEN'],
          [to === this.phase && 'CONFLICT', !edge && to !== this.phase && 'PHASE', this.phase === 'concluded' && 'PHASE'],
        );
      }
      case 'message.post':
        return this.#predictPost(role, own, command.payload, inPhase);
      case 'submission.create':
        return judge([!isDelegation(role) && 'FORBIDDEN'], [inPhase('submit')]);
      case 'submission.withdraw': {
        const target = this.submissions.get(command.payload.submissionId);
        return judge(
          [!isDelegation(role) && 'FORBIDDEN'],
          [inPhase('withdraw')],
          [(target === undefined || target.partyId !== own) && 'NOT_FOUND'],
          [target?.withdrawn === true && 'CONFLICT'],
        );
      }
      case 'conveyance.create':
        return this.#predictConveyance(role, command.payload, inPhase);
      case 'response.create': {
        const { stance, conveyanceId } = command.payload;
        const mayTakeStance =
          role === 'head' || (role === 'delegate' && (stance === 'counter' || stance === 'clarify' || stance === 'answer'));
        const conveyance = this.conveyances.get(conveyanceId);
        const current = DECIDING.includes(stance) ? this.#currentAnswers.get(`${conveyanceId}:${own ?? ''}`) : undefined;
        const headDecided = current !== undefined && current.byHead && (current.stance === 'accept' || current.stance === 'reject');
        return judge(
          [!mayTakeStance && 'FORBIDDEN'],
          [inPhase('shuttle')],
          [(conveyance === undefined || conveyance.toPartyId !== own) && 'NOT_FOUND'],
          [conveyance !== undefined && !STANCES_OF[conveyance.kind].includes(stance) && 'INVALID_INPUT'],
          [headDecided && role !== 'head' && 'CONFLICT', headDecided && current.stance === stance && 'CONFLICT'],
        );
      }
      case 'summary.draft':
        return judge([!isMediator(role) && 'FORBIDDEN'], [inPhase('summarise')]);
      case 'summary.approve':
      case 'summary.requestChanges': {
        const summary = this.summaries.get(command.payload.summaryId);
        const again = command.type === 'summary.approve' && own !== null && summary?.approvals.has(own) === true;
        return judge(
          [role !== 'head' && 'FORBIDDEN'],
          [inPhase('summarise')],
          [summary === undefined && 'NOT_FOUND'],
          [summary?.published === true && 'CONFLICT', summary?.withdrawn === true && 'CONFLICT'],
          [again && 'CONFLICT'],
        );
      }
      case 'summary.revise':
      case 'summary.withdraw': {
        // [SUM5][SUM6] Mediators revise (to a new text) or withdraw a summary still open.
        const summary = this.summaries.get(command.payload.summaryId);
        const same = command.type === 'summary.revise' && summary?.text === command.payload.text.trim();
        return judge(
          [!isMediator(role) && 'FORBIDDEN'],
          [inPhase('summarise')],
          [summary === undefined && 'NOT_FOUND'],
          [summary?.published === true && 'CONFLICT', summary?.withdrawn === true && 'CONFLICT'],
          [same && 'CONFLICT'],
        );
      }
      case 'inbox.mark': {
        // [INB1] Mediators mark exactly one known item, to the state it does not have yet.
        const { submissionId, responseId, handled } = command.payload;
        const itemId = submissionId ?? responseId ?? '';
        const known = submissionId !== undefined ? this.submissions.has(submissionId) : this.responses.has(itemId);
        return judge(
          [!isMediator(role) && 'FORBIDDEN'],
          [(submissionId === undefined) === (responseId === undefined) && 'INVALID_INPUT'],
          [!known && 'NOT_FOUND'],
          [this.#handled.has(itemId) === handled && 'CONFLICT'],
        );
      }
      case 'summary.publish': {
        const summary = this.summaries.get(command.payload.summaryId);
        const missing = summary ? this.partyIds.filter((party) => !summary.approvals.has(party)) : [];
        return judge(
          [role !== 'lead-mediator' && 'FORBIDDEN'],
          [inPhase('summarise')],
          [summary === undefined && 'NOT_FOUND'],
          [summary?.published === true && 'CONFLICT', summary?.withdrawn === true && 'CONFLICT', missing.length > 0 && 'CONFLICT'],
        );
      }
    }
  }

  #predictPost(
    role: Role,
    own: string | null,
    payload: CommandPayloads['message.post'],
    inPhase: (activity: Activity) => ErrorCode | false,
  ): Prediction {
    const named = payload.partyId;
    const namesOther = named !== undefined && named !== own;
    switch (payload.audience) {
      case 'caucus':
        return judge([!isDelegation(role) && 'FORBIDDEN'], [inPhase('talk'), namesOther && 'FORBIDDEN']);
      case 'room':
        return judge(
          [!isDelegation(role) && !isMediator(role) && 'FORBIDDEN'],
          [
            inPhase('talk'),
            isDelegation(role) && namesOther && 'FORBIDDEN',
            isMediator(role) && named === undefined && 'INVALID_INPUT',
          ],
          // The parties are public to every member: an unknown one may be a plain input error.
          [
            isMediator(role) && named !== undefined && !this.partyIds.includes(named) && 'NOT_FOUND',
            isMediator(role) && named !== undefined && !this.partyIds.includes(named) && 'INVALID_INPUT',
          ],
        );
      case 'mediation':
        return judge([!isMediator(role) && 'FORBIDDEN'], [inPhase('talk')]);
      case 'joint':
        return judge([!isMediator(role) && !isDelegation(role) && 'FORBIDDEN'], [inPhase('joint')]);
    }
  }

  #predictConveyance(
    role: Role,
    payload: CommandPayloads['conveyance.create'],
    inPhase: (activity: Activity) => ErrorCode | false,
  ): Prediction {
    const source = this.#sourceOf(payload);
    const cited = payload.submissionId ?? payload.responseId;
    return judge(
      [!isMediator(role) && 'FORBIDDEN'],
      [inPhase('shuttle')],
      [
        !this.partyIds.includes(payload.toPartyId) && 'NOT_FOUND',
        !this.partyIds.includes(payload.toPartyId) && 'INVALID_INPUT',
        cited !== undefined && source === undefined && 'NOT_FOUND',
      ],
      source
        ? [
            source.partyId === payload.toPartyId && 'INVALID_INPUT',
            source.disclosure === 'mediator-only' && 'DISCLOSURE',
            source.withdrawn && 'DISCLOSURE',
            source.disclosure === 'verbatim' && payload.text.trim() !== source.text && 'DISCLOSURE',
            // [DIS5] conveyable: the mediator's own words, never the party's whole text again.
            source.disclosure === 'conveyable' && holdsWords(payload.text, source.text) && 'DISCLOSURE',
          ]
        : [],
      [payload.kind !== undefined && this.#fixedKind(payload) !== null && payload.kind !== this.#fixedKind(payload) && 'INVALID_INPUT'],
    );
  }

  /** [CNV4] A party's question conveyed stays a question, its answer an answer. */
  #fixedKind(payload: CommandPayloads['conveyance.create']): Kind | null {
    const response = payload.responseId !== undefined ? this.responses.get(payload.responseId) : undefined;
    return response?.stance === 'clarify' ? 'question' : response?.stance === 'answer' ? 'answer' : null;
  }

  #sourceOf(payload: CommandPayloads['conveyance.create']): Source | undefined {
    if (payload.submissionId !== undefined) return this.submissions.get(payload.submissionId);
    if (payload.responseId !== undefined) return this.responses.get(payload.responseId);
    return undefined;
  }

  /**
   * Folds an accepted command into the model (ids come from the server's answer) and
   * returns the events it must produce. Call only after predict said ok and the server agreed.
   */
  commit(actorId: string, command: ModelCommand, result: unknown): ExpectedEvent[] {
    const actor = this.#member(actorId);
    const own = actor.partyId ?? '';
    const at = ++this.clock;
    const events = isAgreementCommand(command) ? this.agreement.effects(actor, command, result) : this.#effects(own, command, result, at, actor.role);
    for (const event of events) {
      for (const text of event.texts) {
        for (const canary of canariesIn(text)) {
          const list = this.#publications.get(canary) ?? [];
          list.push({ audience: event.audience, at });
          this.#publications.set(canary, list);
        }
      }
    }
    return events;
  }

  #effects(own: string, command: Exclude<ModelCommand, AgreementCommand>, result: unknown, at: number, role: Role): ExpectedEvent[] {
    const event = (type: string, audience: string, texts: string[], key?: string, id?: string): ExpectedEvent => ({
      type,
      audience,
      texts,
      matches: (wire) =>
        wire.type === type &&
        wire.audience === audience &&
        (key === undefined || (wire.payload as unknown as Record<string, unknown>)[key] === id),
    });
    switch (command.type) {
      case 'talks.get':
      case 'audit.read':
        return [];
      case 'member.remove': {
        const target = this.#member(command.payload.memberId);
        target.removedAt = at;
        return [event('member.removed', membershipAudience(target), [], 'memberId', target.id)];
      }
      case 'phase.change':
        this.phase = command.payload.to;
        return [event('phase.changed', 'gallery', [], 'to', command.payload.to)];
      case 'message.post': {
        const { audience: channel, partyId, text } = command.payload;
        const audience = channel === 'caucus' ? `caucus:${own}` : channel === 'room' ? `room:${partyId ?? own}` : channel;
        return [event('message.posted', audience, [text], 'text', text.trim())];
      }
      case 'submission.create': {
        const id = resultId(result, 'submissionId');
        const { text, disclosure } = command.payload;
        this.submissions.set(id, { id, partyId: own, text: text.trim(), disclosure, withdrawn: false });
        return [event('submission.created', `room:${own}`, [text], 'submissionId', id)];
      }
      case 'submission.withdraw': {
        const target = this.submissions.get(command.payload.submissionId);
        if (target) target.withdrawn = true;
        return [event('submission.withdrawn', `room:${own}`, [], 'submissionId', command.payload.submissionId)];
      }
      case 'conveyance.create': {
        const id = resultId(result, 'conveyanceId');
        const { toPartyId, text } = command.payload;
        this.conveyances.set(id, { toPartyId, kind: this.#fixedKind(command.payload) ?? command.payload.kind ?? 'proposal' });
        const source = this.#sourceOf(command.payload);
        const delivered = event('conveyance.delivered', `room:${toPartyId}`, [text], 'conveyanceId', id);
        if (!source) return [delivered];
        return [delivered, event('conveyance.disclosed', `room:${source.partyId}`, [text], 'conveyanceId', id)];
      }
      case 'response.create': {
        const id = resultId(result, 'responseId');
        const { text, disclosure, conveyanceId, stance } = command.payload;
        this.responses.set(id, { id, partyId: own, text: text.trim(), disclosure, withdrawn: false, conveyanceId, stance });
        if (DECIDING.includes(stance)) {
          this.#currentAnswers.set(`${conveyanceId}:${own}`, { stance, byHead: role === 'head' });
        }
        return [event('response.created', `room:${own}`, [text], 'responseId', id)];
      }
      case 'summary.draft': {
        const id = resultId(result, 'summaryId');
        const { text } = command.payload;
        this.summaries.set(id, { id, text: text.trim(), approvals: new Set(), published: false, withdrawn: false });
        return [
          event('summary.drafted', 'mediation', [text], 'summaryId', id),
          ...this.partyIds.map((party) => event('summary.proposed', `room:${party}`, [text], 'summaryId', id)),
        ];
      }
      case 'summary.approve': {
        const summary = this.#summary(command.payload.summaryId);
        summary.approvals.add(own);
        return [event('summary.approved', `room:${own}`, [], 'summaryId', summary.id)];
      }
      case 'summary.requestChanges': {
        const summary = this.#summary(command.payload.summaryId);
        summary.approvals.delete(own);
        return [event('summary.changesRequested', `room:${own}`, [command.payload.text], 'summaryId', summary.id)];
      }
      case 'summary.publish': {
        const summary = this.#summary(command.payload.summaryId);
        summary.published = true;
        return [event('summary.published', 'gallery', [summary.text], 'summaryId', summary.id)];
      }
      case 'summary.revise': {
        const summary = this.#summary(command.payload.summaryId);
        const { text } = command.payload;
        summary.text = text.trim();
        summary.approvals.clear();
        return [
          event('summary.revised', 'mediation', [text], 'summaryId', summary.id),
          ...this.partyIds.map((party) => event('summary.proposed', `room:${party}`, [text], 'summaryId', summary.id)),
        ];
      }
      case 'summary.withdraw': {
        const summary = this.#summary(command.payload.summaryId);
        summary.withdrawn = true;
        return this.partyIds.map((party) => event('summary.withdrawn', `room:${party}`, [], 'summaryId', summary.id));
      }
      case 'inbox.mark': {
        const { submissionId, responseId, handled } = command.payload;
        const itemId = submissionId ?? responseId ?? '';
        if (handled) this.#handled.add(itemId);
        else this.#handled.delete(itemId);
        return [event('inbox.marked', 'mediation', [], 'itemId', itemId)];
      }
    }
  }

  #member(id: string): OracleMember {
    const member = this.members.get(id);
    if (!member) throw new Error(`the oracle knows no member ${id}`);
    return member;
  }

  #summary(id: string): Summary {
    const summary = this.summaries.get(id);
    if (!summary) throw new Error(`the oracle knows no summary ${id}`);
    return summary;
  }
}

/** [DIS5] Whether `text` holds every word of `source` in a row, case and punctuation aside (the model's own reading). */
function holdsWords(text: string, source: string): boolean {
  const words = (t: string) => ` ${t.toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean).join(' ')} `;
  return words(text).includes(words(source));
}
