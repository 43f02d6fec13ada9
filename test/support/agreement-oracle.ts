import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { canonicalTextJson } from '../../shared/src/agreement.js';
import {
  LANGUAGES,
  type ClauseState,
  type CommandPayloads,
  type ErrorCode,
  type Language,
  type Phase,
  type Role,
} from '../../shared/src/index.js';
import { ACTIVITY_PHASES, type Activity } from '../visibility/authorization-matrix.js';
import { membershipAudience } from './event-rules.js';
import {
  expectEvent,
  judge,
  resultId,
  resultNumber,
  type ExpectedEvent,
  type Prediction,
} from './prediction.js';

// The leak oracle's model of the road to an agreement: the agenda, the mediators' working
// draft, the versions shared, each party's comments, marks and acceptances, early
// implementation, keys and signatures. Written from docs/SPEC.md (AG, TXT, LNG, PKG, SIG) and
// docs/protocol.md §6 and §13, never from the server's code: it predicts every answer, names
// the events a success must produce with their audiences, and says who may read the export.

export type AgreementType =
  | 'agenda.add'
  | 'agenda.update'
  | 'agenda.link'
  | 'text.draftClause'
  | 'text.setClauseState'
  | 'text.setAuthentic'
  | 'text.shareVersion'
  | 'text.comment'
  | 'glossary.define'
  | 'glossary.setState'
  | 'package.mark'
  | 'package.accept'
  | 'item.proposeEarly'
  | 'item.consentEarly'
  | 'member.registerKey'
  | 'agreement.sign';

export type AgreementCommand = {
  [K in AgreementType]: { type: K; payload: CommandPayloads[K] };
}[AgreementType];

export const AGREEMENT_TYPES: ReadonlySet<string> = new Set<AgreementType>([
  'agenda.add',
  'agenda.update',
  'agenda.link',
  'text.draftClause',
  'text.setClauseState',
  'text.setAuthentic',
  'text.shareVersion',
  'text.comment',
  'glossary.define',
  'glossary.setState',
  'package.mark',
  'package.accept',
  'item.proposeEarly',
  'item.consentEarly',
  'member.registerKey',
  'agreement.sign',
]);

export type Texts = Record<Language, string>;
export interface Alternative {
  label: string;
  texts: Texts;
}
export interface ModelClause {
  clauseId: string;
  number: number;
  agendaItemIds: string[];
  state: ClauseState;
  texts: Texts;
  alternatives: Alternative[];
}
export interface ModelTerm {
  termId: string;
  term: Texts;
  definition: Texts;
  state: ClauseState;
}
export interface ModelVersion {
  version: number;
  authenticLanguage: Language;
  clauses: ModelClause[];
  glossary: ModelTerm[];
  /** Per party, per clause: the latest mark. */
  marks: Map<string, Map<string, boolean>>;
  accepted: Set<string>;
}
export interface ModelItem {
  id: string;
  title: string;
  description: string;
  links: Set<string>;
  proposed: boolean;
  consents: Set<string>;
  implemented: boolean;
}

export interface AgreementActor {
  id: string;
  role: Role;
  partyId: string | null;
}

/** What the model needs of the rest of the talks. */
export interface AgreementWorld {
  phase: Phase;
  talksId: string;
  title: string;
  parties: readonly { id: string; name: string }[];
  /** Whether a submission, response or conveyance with this id exists in the talks. */
  knows(kind: 'submission' | 'response' | 'conveyance', id: string): boolean;
}

/** A signature the test made, so the model can tell whether the server must accept it. */
export interface MadeSignature {
  jwk: unknown;
  payload: unknown;
}

const NO_TEXT: Texts = { en: '', uk: '', ru: '' };
const LIMIT = { items: 200, clauses: 500, terms: 500 };
const isMediator = (role: Role) => role === 'lead-mediator' || role === 'co-mediator';
const isDelegation = (role: Role) => role === 'head' || role === 'delegate';
const merge = (before: Texts, given: Partial<Texts>): Texts => ({
  en: given.en ?? before.en,
  uk: given.uk ?? before.uk,
  ru: given.ru ?? before.ru,
});
const hasWords = (texts: Texts) => LANGUAGES.some((language) => texts[language] !== '');
const textsOf = (texts: Texts) => LANGUAGES.map((language) => texts[language]).filter((text) => text !== '');
/**
 * [TXT2] as docs/SPEC.md words it, written again here: the chosen wording takes the place of
 * the clause's first [bracketed span]; a clause without one is followed by the wording.
 */
function resolvedWording(wording: string, chosen: string): string {
  const open = wording.indexOf('[');
  const close = open < 0 ? -1 : wording.indexOf(']', open + 1);
  if (close >= 0) return `${wording.slice(0, open)}${chosen}${wording.slice(close + 1)}`;
  if (wording === '' || chosen === '' || /\s$/.test(wording)) return `${wording}${chosen}`;
  return `${wording} ${chosen}`;
}
const resolved = (texts: Texts, chosen: Texts): Texts => ({
  en: resolvedWording(texts.en, chosen.en),
  uk: resolvedWording(texts.uk, chosen.uk),
  ru: resolvedWording(texts.ru, chosen.ru),
});
const agreedLike = (state: ClauseState) => state === 'agreed' || state === 'provisionally-agreed';

export class AgreementModel {
  readonly items = new Map<string, ModelItem>();
  readonly clauses = new Map<string, ModelClause>();
  readonly terms = new Map<string, ModelTerm>();
  authentic: Language = 'en';
  readonly versions: ModelVersion[] = [];
  agreedVersion: number | null = null;
  /** Each member's registered public key. */
  readonly keys = new Map<string, unknown>();
  readonly signed = new Set<string>();
  concluded = false;
  readonly #made = new Map<string, MadeSignature>();
  readonly #unusable: unknown[] = [];

  constructor(private readonly world: AgreementWorld) {}

  /** The test made this JWS with this public key over this payload. */
  made(jws: string, signature: MadeSignature): void {
    this.#made.set(jws, signature);
  }

  /** The test made this public key unusable (a point on no curve). */
  unusable(jwk: unknown): void {
    this.#unusable.push(jwk);
  }

  current(): ModelVersion | undefined {
    return this.versions.at(-1);
  }

  agreed(): ModelVersion | undefined {
    return this.agreedVersion === null ? undefined : this.versions[this.agreedVersion - 1];
  }

  /** [SIG2] What a head signs: this talks, the agreed version, the hash of its canonical text, the party. */
  signaturePayload(
    partyId: string,
  ): { talksId: string; version: number; textHash: string; partyId: string } | undefined {
    const agreed = this.agreed();
    if (!agreed) return undefined;
    const { title, parties } = this.world;
    const json = canonicalTextJson({ title, parties: [...parties], ...this.#contentOf(agreed) });
    const textHash = createHash('sha256').update(json, 'utf8').digest('hex');
    return { talksId: this.world.talksId, version: agreed.version, textHash, partyId };
  }

  /**
   * [SIG4] The export: nothing before the package is agreed; then the delegations and the
   * mediators (joint); everyone once every party signed (gallery).
   */
  mayExport(reader: { role: Role; removed: boolean }): boolean {
    if (reader.removed || this.agreedVersion === null) return false;
    return this.concluded || reader.role !== 'observer';
  }

  /** The texts of the agreed version, every language: all an export may carry. */
  agreedTexts(): string[] {
    const agreed = this.agreed();
    if (!agreed) return [];
    return [
      ...agreed.clauses.flatMap((clause) => textsOf(clause.texts)),
      ...agreed.glossary.flatMap((term) => [...textsOf(term.term), ...textsOf(term.definition)]),
    ];
  }

  /** The working draft as a version would hold it. */
  snapshot(): Pick<ModelVersion, 'authenticLanguage' | 'clauses' | 'glossary'> {
    return structuredClone({
      authenticLanguage: this.authentic,
      clauses: [...this.clauses.values()],
      glossary: [...this.terms.values()],
    });
  }

  predict(actor: AgreementActor, command: AgreementCommand): Prediction {
    const { role } = actor;
    const own = actor.partyId ?? '';
    const inPhase = (activity: Activity): ErrorCode | false =>
      !ACTIVITY_PHASES[activity].includes(this.world.phase) && 'PHASE';
    const mediator = !isMediator(role) && 'FORBIDDEN';
    const head = role !== 'head' && 'FORBIDDEN';
    const final = this.agreedVersion !== null && 'CONFLICT';
    switch (command.type) {
      case 'agenda.add':
        return judge([mediator], [inPhase('agenda')], [this.items.size >= LIMIT.items && 'CONFLICT']);
      case 'agenda.update': {
        const { itemId, title, description } = command.payload;
        const item = this.items.get(itemId);
        const same =
          item !== undefined &&
          (title ?? item.title) === item.title &&
          (description ?? item.description) === item.description;
        return judge(
          [mediator],
          [inPhase('agenda')],
          [title === undefined && description === undefined && 'INVALID_INPUT', !item && 'NOT_FOUND'],
          [same && 'CONFLICT'],
        );
      }
      case 'agenda.link':
        return this.#predictLink(mediator, inPhase('agenda'), command.payload);
      case 'text.draftClause':
        return this.#predictDraft(mediator, inPhase('text'), final, command.payload);
      case 'text.setClauseState':
        return this.#predictClauseState(mediator, inPhase('text'), final, command.payload);
      case 'text.setAuthentic':
        return judge(
          [mediator],
          [inPhase('text')],
          [final, command.payload.language === this.authentic && 'CONFLICT'],
        );
      case 'text.shareVersion': {
        const latest = this.current();
        const unchanged = latest !== undefined && isDeepStrictEqual(this.snapshot(), this.#contentOf(latest));
        return judge(
          [mediator],
          [inPhase('text')],
          [final, this.clauses.size === 0 && 'CONFLICT', unchanged && 'CONFLICT'],
        );
      }
      case 'text.comment': {
        const { version, clauseId } = command.payload;
        const shared = this.versions[version - 1];
        const inVersion = shared?.clauses.some((clause) => clause.clauseId === clauseId) === true;
        return judge([!isDelegation(role) && 'FORBIDDEN'], [inPhase('text')], [!inVersion && 'NOT_FOUND']);
      }
      case 'glossary.define': {
        const { termId, term, definition } = command.payload;
        const existing = termId === undefined ? undefined : this.terms.get(termId);
        const words = merge(existing?.term ?? NO_TEXT, term);
        const meaning = merge(existing?.definition ?? NO_TEXT, definition);
        const same =
          existing !== undefined && isDeepStrictEqual([words, meaning], [existing.term, existing.definition]);
        return judge(
          [mediator],
          [inPhase('text')],
          [final, termId !== undefined && !existing && 'NOT_FOUND'],
          [
            !existing && this.terms.size >= LIMIT.terms && 'CONFLICT',
            !hasWords(words) && 'INVALID_INPUT',
            same && 'CONFLICT',
          ],
        );
      }
      case 'glossary.setState': {
        const { termId, state } = command.payload;
        const term = this.terms.get(termId);
        const unauthentic =
          term !== undefined && (term.term[this.authentic] === '' || term.definition[this.authentic] === '');
        return judge(
          [mediator],
          [inPhase('text')],
          [final, state === 'bracketed' && 'INVALID_INPUT', !term && 'NOT_FOUND'],
          [term?.state === state && 'CONFLICT', agreedLike(state) && unauthentic && 'CONFLICT'],
        );
      }
      case 'package.mark': {
        const { version, clauseId, canLiveWith } = command.payload;
        const shared = this.versions[version - 1];
        const inVersion = shared?.clauses.some((clause) => clause.clauseId === clauseId) === true;
        return judge(
          [head],
          [inPhase('package')],
          [
            final,
            !shared && 'NOT_FOUND',
            shared !== undefined && shared !== this.current() && 'CONFLICT',
            !inVersion && 'NOT_FOUND',
          ],
          [
            shared?.accepted.has(own) === true && 'CONFLICT',
            shared?.marks.get(own)?.get(clauseId) === canLiveWith && 'CONFLICT',
          ],
        );
      }
      case 'package.accept': {
        const shared = this.versions[command.payload.version - 1];
        return judge(
          [head],
          [inPhase('package')],
          [final, !shared && 'NOT_FOUND', shared !== undefined && shared !== this.current() && 'CONFLICT'],
          [
            shared?.accepted.has(own) === true && 'CONFLICT',
            shared !== undefined && this.#missing(shared, own) && 'CONFLICT',
          ],
        );
      }
      case 'item.proposeEarly': {
        const item = this.items.get(command.payload.itemId);
        return judge(
          [mediator],
          [inPhase('text')],
          [!item && 'NOT_FOUND'],
          [item?.implemented === true && 'CONFLICT', item?.proposed === true && 'CONFLICT'],
        );
      }
      case 'item.consentEarly': {
        const item = this.items.get(command.payload.itemId);
        return judge(
          [head],
          [inPhase('text')],
          [!item && 'NOT_FOUND'],
          [
            item?.implemented === true && 'CONFLICT',
            item?.proposed === false && 'CONFLICT',
            item?.consents.has(own) === true && 'CONFLICT',
          ],
        );
      }
      case 'member.registerKey': {
        const { jwk } = command.payload;
        const unusable = this.#unusable.some((key) => isDeepStrictEqual(key, jwk));
        return judge(
          [inPhase('keys')],
          [unusable && 'INVALID_INPUT'],
          [isDeepStrictEqual(this.keys.get(actor.id), jwk) && 'CONFLICT'],
        );
      }
      case 'agreement.sign': {
        const { version, jws } = command.payload;
        const key = this.keys.get(actor.id);
        const made = this.#made.get(jws);
        const valid =
          made !== undefined &&
          key !== undefined &&
          isDeepStrictEqual(made.jwk, key) &&
          isDeepStrictEqual(made.payload, this.signaturePayload(own));
        return judge(
          [head],
          [inPhase('package')],
          [
            this.agreedVersion === null && 'CONFLICT',
            version !== this.agreedVersion && 'CONFLICT',
            this.signed.has(own) && 'CONFLICT',
            key === undefined && 'CONFLICT',
          ],
          [!valid && 'INVALID_INPUT'],
        );
      }
    }
  }

  #predictLink(
    mediator: ErrorCode | false,
    phase: ErrorCode | false,
    payload: CommandPayloads['agenda.link'],
  ): Prediction {
    const targets = this.#targetsOf(payload);
    const [target] = targets;
    const item = this.items.get(payload.itemId);
    const known =
      target !== undefined &&
      (target.kind === 'clause' ? this.clauses.has(target.id) : this.world.knows(target.kind, target.id));
    return judge(
      [mediator],
      [phase],
      [!item && 'NOT_FOUND', targets.length !== 1 && 'INVALID_INPUT'],
      [!known && 'NOT_FOUND'],
      [target !== undefined && item?.links.has(`${target.kind}:${target.id}`) === true && 'CONFLICT'],
    );
  }

  #targetsOf(
    payload: CommandPayloads['agenda.link'],
  ): { kind: 'submission' | 'response' | 'conveyance' | 'clause'; id: string }[] {
    const named = [
      { kind: 'submission' as const, id: payload.submissionId },
      { kind: 'response' as const, id: payload.responseId },
      { kind: 'conveyance' as const, id: payload.conveyanceId },
      { kind: 'clause' as const, id: payload.clauseId },
    ];
    return named.filter(
      (target): target is { kind: (typeof named)[number]['kind']; id: string } => target.id !== undefined,
    );
  }

  /** The clause a draft would make, or why it cannot be made (as groups of codes). */
  #drafted(payload: CommandPayloads['text.draftClause']): {
    clause: ModelClause;
    invalid: boolean;
    same: boolean;
  } {
    const existing = payload.clauseId === undefined ? undefined : this.clauses.get(payload.clauseId);
    const texts = merge(existing?.texts ?? NO_TEXT, payload.texts);
    const given = payload.alternatives;
    const labels = new Set(given?.map((alternative) => alternative.label.toLowerCase()));
    const invalidAlternatives = given !== undefined && (given.length === 1 || labels.size !== given.length);
    const alternatives = given
      ? given.map(({ label, texts: words }) => ({ label, texts: merge(NO_TEXT, words) }))
      : (existing?.alternatives ?? []);
    const agendaItemIds = [...new Set(payload.agendaItemIds)];
    const reworded =
      !existing || !isDeepStrictEqual([texts, alternatives], [existing.texts, existing.alternatives]);
    const state: ClauseState = reworded
      ? alternatives.length > 0
        ? 'bracketed'
        : 'open'
      : (existing?.state ?? 'open');
    return {
      clause: {
        clauseId: existing?.clauseId ?? '',
        number: existing?.number ?? this.clauses.size + 1,
        agendaItemIds,
        state,
        texts,
        alternatives,
      },
      invalid: invalidAlternatives || (!hasWords(texts) && alternatives.length === 0),
      same: existing !== undefined && !reworded && isDeepStrictEqual(agendaItemIds, existing.agendaItemIds),
    };
  }

  #predictDraft(
    mediator: ErrorCode | false,
    phase: ErrorCode | false,
    final: ErrorCode | false,
    payload: CommandPayloads['text.draftClause'],
  ): Prediction {
    const unknownClause = payload.clauseId !== undefined && !this.clauses.has(payload.clauseId);
    const unknownItem = payload.agendaItemIds.some((id) => !this.items.has(id));
    const { invalid, same } = this.#drafted(payload);
    return judge(
      [mediator],
      [phase],
      [final, unknownClause && 'NOT_FOUND', unknownItem && 'NOT_FOUND'],
      [
        payload.clauseId === undefined && this.clauses.size >= LIMIT.clauses && 'CONFLICT',
        invalid && 'INVALID_INPUT',
        same && 'CONFLICT',
      ],
    );
  }

  #predictClauseState(
    mediator: ErrorCode | false,
    phase: ErrorCode | false,
    final: ErrorCode | false,
    { clauseId, state: to, alternative: label }: CommandPayloads['text.setClauseState'],
  ): Prediction {
    const clause = this.clauses.get(clauseId);
    const checks: (ErrorCode | false)[] = [];
    if (clause) {
      const bracketed = clause.alternatives.length > 0;
      const chosen = clause.alternatives.find((alternative) => alternative.label === label);
      if (to === 'bracketed') {
        checks.push(
          label !== undefined && 'INVALID_INPUT',
          !bracketed && 'CONFLICT',
          clause.state === to && 'CONFLICT',
        );
      } else if (!bracketed) {
        checks.push(label !== undefined && 'INVALID_INPUT', clause.state === to && 'CONFLICT');
        checks.push(agreedLike(to) && clause.texts[this.authentic] === '' && 'CONFLICT');
      } else {
        checks.push(label === undefined && 'CONFLICT', label !== undefined && !chosen && 'INVALID_INPUT');
        checks.push(
          agreedLike(to) &&
            chosen !== undefined &&
            resolvedWording(clause.texts[this.authentic], chosen.texts[this.authentic]) === '' &&
            'CONFLICT',
        );
      }
    }
    return judge([mediator], [phase], [final, !clause && 'NOT_FOUND'], checks);
  }

  /** [PKG2] Whether anything stands between this party and accepting the version. */
  #missing(shared: ModelVersion, partyId: string): boolean {
    const marks = shared.marks.get(partyId);
    return (
      shared.clauses.some((clause) => clause.state !== 'agreed' || marks?.get(clause.clauseId) !== true) ||
      shared.glossary.some((term) => term.state !== 'agreed')
    );
  }

  #contentOf(version: ModelVersion): Pick<ModelVersion, 'authenticLanguage' | 'clauses' | 'glossary'> {
    return {
      authenticLanguage: version.authenticLanguage,
      clauses: version.clauses,
      glossary: version.glossary,
    };
  }

  /** Folds an accepted command into the model and names the events it must produce. */
  effects(actor: AgreementActor, command: AgreementCommand, result: unknown): ExpectedEvent[] {
    const own = actor.partyId ?? '';
    const room = `room:${own}`;
    switch (command.type) {
      case 'agenda.add': {
        const id = resultId(result, 'itemId');
        const { title, description = '' } = command.payload;
        this.items.set(id, {
          id,
          title,
          description,
          links: new Set(),
          proposed: false,
          consents: new Set(),
          implemented: false,
        });
        return [
          expectEvent('agenda.itemAdded', 'joint', [title, description], {
            itemId: id,
            number: this.items.size,
          }),
        ];
      }
      case 'agenda.update': {
        const item = this.#item(command.payload.itemId);
        item.title = command.payload.title ?? item.title;
        item.description = command.payload.description ?? item.description;
        return [
          expectEvent('agenda.itemUpdated', 'joint', [item.title, item.description], {
            itemId: item.id,
            title: item.title,
          }),
        ];
      }
      case 'agenda.link': {
        const [target] = this.#targetsOf(command.payload);
        if (!target) throw new Error('a link without a target was accepted');
        this.#item(command.payload.itemId).links.add(`${target.kind}:${target.id}`);
        return [
          expectEvent('agenda.linked', 'mediation', [], {
            itemId: command.payload.itemId,
            kind: target.kind,
            targetId: target.id,
          }),
        ];
      }
      case 'text.draftClause': {
        const { clause } = this.#drafted(command.payload);
        clause.clauseId = resultId(result, 'clauseId');
        this.clauses.set(clause.clauseId, clause);
        const texts = [
          ...textsOf(clause.texts),
          ...clause.alternatives.flatMap((alternative) => textsOf(alternative.texts)),
        ];
        return [
          expectEvent('text.clauseDrafted', 'mediation', texts, {
            clauseId: clause.clauseId,
            state: clause.state,
            texts: clause.texts,
          }),
        ];
      }
      case 'text.setClauseState': {
        const { clauseId, state, alternative: label } = command.payload;
        const clause = this.#clause(clauseId);
        const chosen = clause.alternatives.find((alternative) => alternative.label === label);
        if (chosen && state !== 'bracketed') {
          clause.texts = resolved(clause.texts, chosen.texts);
          clause.alternatives = [];
        }
        clause.state = state;
        return [
          expectEvent('text.clauseStateSet', 'mediation', textsOf(clause.texts), {
            clauseId,
            state,
            texts: clause.texts,
            chosen: chosen?.label ?? null,
          }),
        ];
      }
      case 'text.setAuthentic':
        this.authentic = command.payload.language;
        return [expectEvent('text.authenticSet', 'mediation', [], { language: this.authentic })];
      case 'text.shareVersion':
        return [this.#share(resultNumber(result, 'version'))];
      case 'text.comment': {
        const commentId = resultId(result, 'commentId');
        const { version, clauseId, text, objects } = command.payload;
        return [
          expectEvent('text.commented', room, [text], {
            commentId,
            version,
            clauseId,
            partyId: own,
            objects,
          }),
        ];
      }
      case 'glossary.define': {
        const termId = resultId(result, 'termId');
        const existing = this.terms.get(termId);
        const term = merge(existing?.term ?? NO_TEXT, command.payload.term);
        const definition = merge(existing?.definition ?? NO_TEXT, command.payload.definition);
        this.terms.set(termId, { termId, term, definition, state: 'open' });
        return [
          expectEvent('glossary.termDefined', 'mediation', [...textsOf(term), ...textsOf(definition)], {
            termId,
            term,
            definition,
            state: 'open',
          }),
        ];
      }
      case 'glossary.setState': {
        const term = this.terms.get(command.payload.termId);
        if (!term) throw new Error(`the model knows no term ${command.payload.termId}`);
        term.state = command.payload.state;
        return [
          expectEvent('glossary.termStateSet', 'mediation', [], { termId: term.termId, state: term.state }),
        ];
      }
      case 'package.mark': {
        const { version, clauseId, canLiveWith } = command.payload;
        const shared = this.#version(version);
        const marks = shared.marks.get(own) ?? new Map<string, boolean>();
        marks.set(clauseId, canLiveWith);
        shared.marks.set(own, marks);
        return [expectEvent('package.marked', room, [], { version, clauseId, partyId: own, canLiveWith })];
      }
      case 'package.accept': {
        const { version } = command.payload;
        const shared = this.#version(version);
        shared.accepted.add(own);
        const events = [expectEvent('package.accepted', room, [], { version, partyId: own })];
        if (this.world.parties.every((party) => shared.accepted.has(party.id))) {
          this.agreedVersion = version;
          events.push(expectEvent('package.agreed', 'gallery', [], { version }));
        }
        return events;
      }
      case 'item.proposeEarly': {
        const item = this.#item(command.payload.itemId);
        item.proposed = true;
        return [expectEvent('item.earlyProposed', 'joint', [], { itemId: item.id })];
      }
      case 'item.consentEarly': {
        const item = this.#item(command.payload.itemId);
        item.consents.add(own);
        const events = [expectEvent('item.earlyConsented', room, [], { itemId: item.id, partyId: own })];
        if (this.world.parties.every((party) => item.consents.has(party.id))) {
          item.implemented = true;
          events.push(
            expectEvent('item.implementedEarly', 'gallery', [item.title], {
              itemId: item.id,
              title: item.title,
            }),
          );
        }
        return events;
      }
      case 'member.registerKey':
        this.keys.set(actor.id, command.payload.jwk);
        return [
          expectEvent('member.keyRegistered', membershipAudience(actor), [], {
            memberId: actor.id,
            jwk: command.payload.jwk,
          }),
        ];
      case 'agreement.sign': {
        const { version } = command.payload;
        this.signed.add(own);
        const events = [
          expectEvent('agreement.signed', 'joint', [], { version, partyId: own, memberId: actor.id }),
        ];
        if (this.world.parties.every((party) => this.signed.has(party.id))) {
          this.concluded = true;
          events.push(expectEvent('agreement.concluded', 'gallery', [], { version }));
        }
        return events;
      }
    }
  }

  /** [TXT3] The whole working draft becomes version N, told to every delegation at once. */
  #share(number: number): ExpectedEvent {
    if (number !== this.versions.length + 1)
      throw new Error(`version ${number} was shared after ${this.versions.length}`);
    const content = this.snapshot();
    this.versions.push({ version: number, ...content, marks: new Map(), accepted: new Set() });
    const texts = [
      ...content.clauses.flatMap((clause) => [
        ...textsOf(clause.texts),
        ...clause.alternatives.flatMap((alternative) => textsOf(alternative.texts)),
      ]),
      ...content.glossary.flatMap((term) => [...textsOf(term.term), ...textsOf(term.definition)]),
    ];
    return expectEvent('text.versionShared', 'joint', texts, { version: number, ...content });
  }

  #item(id: string): ModelItem {
    const item = this.items.get(id);
    if (!item) throw new Error(`the model knows no agenda item ${id}`);
    return item;
  }

  #clause(id: string): ModelClause {
    const clause = this.clauses.get(id);
    if (!clause) throw new Error(`the model knows no clause ${id}`);
    return clause;
  }

  #version(version: number): ModelVersion {
    const shared = this.versions[version - 1];
    if (!shared) throw new Error(`the model knows no version ${version}`);
    return shared;
  }
}
