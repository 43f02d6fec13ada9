import type {
  Actor,
  Alternative,
  ClauseSnapshot,
  PartyInfo,
  SharedVersion,
  TermSnapshot,
  WireEvent,
} from '../../../../shared/src/events.js';
import type {
  AgendaItemId,
  ClauseId,
  CommentId,
  EventId,
  MemberId,
  PartyId,
  TermId,
} from '../../../../shared/src/ids.js';
import type {
  AgendaLinkKind,
  ClauseState,
  Language,
  LanguageTexts,
  PublicSigningJwk,
} from '../../../../shared/src/model.js';

// The agreement as one reader knows it: a pure fold of the agenda, text, package and
// signature events the server let this reader see. A mediator folds the working draft
// (mediation) and every party's comments and marks (their rooms); a party folds only
// the shared versions and its own room. The server decides who reads what; this only
// remembers. Every step is idempotent, so a replay after a reconnect changes nothing.

export interface AgendaLink {
  kind: AgendaLinkKind;
  targetId: string;
  at: string;
}

export interface AgendaItemEntry {
  itemId: AgendaItemId;
  number: number;
  title: string;
  description: string;
  /** The mediators' own index of whose words concern the item (empty for a party). */
  links: AgendaLink[];
  at: string;
  updatedAt: string;
}

/** A clause of the working draft (mediators only: a party reads clauses in `versions`). */
export interface ClauseEntry extends ClauseSnapshot {
  /** The label of the wording chosen when the brackets were last resolved. */
  chosen: string | null;
  at: string;
  updatedAt: string;
}

/** A glossary term of the working draft (mediators only). */
export interface TermEntry extends TermSnapshot {
  at: string;
  updatedAt: string;
}

/** One change to the working draft since the last shared version, as the mediators made it. */
export type DraftChange =
  | { kind: 'clause'; eventId: EventId; clauseId: ClauseId; number: number; at: string; by: Actor }
  | {
      kind: 'clause-state';
      eventId: EventId;
      clauseId: ClauseId;
      state: ClauseState;
      chosen: string | null;
      at: string;
      by: Actor;
    }
  | { kind: 'authentic'; eventId: EventId; language: Language; at: string; by: Actor }
  | { kind: 'term'; eventId: EventId; termId: TermId; at: string; by: Actor }
  | { kind: 'term-state'; eventId: EventId; termId: TermId; state: ClauseState; at: string; by: Actor };

/** A numbered version as every delegation received it, with when and by whom. */
export type SharedVersionEntry = SharedVersion & { at: string; by: Actor };

export interface CommentEntry {
  commentId: CommentId;
  version: number;
  clauseId: ClauseId;
  partyId: PartyId;
  text: string;
  objects: boolean;
  at: string;
  author: Actor;
}

/** A head's latest mark on one clause of one version. */
export interface PackageMark {
  version: number;
  clauseId: ClauseId;
  partyId: PartyId;
  canLiveWith: boolean;
  at: string;
}

export interface PackageAcceptance {
  version: number;
  partyId: PartyId;
  at: string;
}

export interface EarlyItem {
  itemId: AgendaItemId;
  proposedAt: string | null;
  consents: { partyId: PartyId; at: string }[];
  /** Set once every party consented: the item binds on its own. */
  implemented: { at: string; title: string } | null;
}

export interface RegisteredKey {
  memberId: MemberId;
  role: string;
  partyId: PartyId | null;
  jwk: PublicSigningJwk;
  at: string;
}

export interface SignatureEntry {
  version: number;
  partyId: PartyId;
  memberId: MemberId;
  displayName: string;
  jwk: PublicSigningJwk;
  jws: string;
  textHash: string;
  at: string;
}

export interface AgreementModel {
  /** From talks.opened: what a signature's text hash covers besides the text. */
  title: string;
  parties: PartyInfo[];
  agenda: AgendaItemEntry[];
  /** The working draft, by number (mediators only). */
  clauses: ClauseEntry[];
  glossary: TermEntry[];
  /** The working draft's authentic language; for a party, the latest version's. */
  authenticLanguage: Language;
  /** What changed in the working draft since the last shared version (mediators only). */
  unshared: DraftChange[];
  /** Every shared version, oldest first. */
  versions: SharedVersionEntry[];
  comments: CommentEntry[];
  marks: PackageMark[];
  acceptances: PackageAcceptance[];
  agreed: { version: number; at: string } | null;
  early: EarlyItem[];
  keys: Record<string, RegisteredKey>;
  signatures: SignatureEntry[];
  concluded: { version: number; textHash: string; at: string } | null;
  /** The last aseq folded in per audience: an event at or below it is a replay and changes nothing. */
  folded: Record<string, number>;
}

export const emptyAgreement = (): AgreementModel => ({
  title: '',
  parties: [],
  agenda: [],
  clauses: [],
  glossary: [],
  authenticLanguage: 'en',
  unshared: [],
  versions: [],
  comments: [],
  marks: [],
  acceptances: [],
  agreed: null,
  early: [],
  keys: {},
  signatures: [],
  concluded: null,
  folded: {},
});

/** Replaces the entry `match` finds, or appends it; returns the list sorted if `order` is given. */
function upsert<T>(list: T[], entry: T, match: (item: T) => boolean, order?: (a: T, b: T) => number): T[] {
  const index = list.findIndex(match);
  const next = index < 0 ? [...list, entry] : list.map((item, i) => (i === index ? entry : item));
  return order ? next.sort(order) : next;
}

const byNumber = (a: { number: number }, b: { number: number }): number => a.number - b.number;

const copyTexts = (texts: LanguageTexts): LanguageTexts => ({ en: texts.en, uk: texts.uk, ru: texts.ru });
const copyAlternatives = (alternatives: Alternative[]): Alternative[] =>
  alternatives.map((alternative) => ({ label: alternative.label, texts: copyTexts(alternative.texts) }));

function noteDraft(model: AgreementModel, change: DraftChange): DraftChange[] {
  return model.unshared.some((known) => known.eventId === change.eventId)
    ? model.unshared
    : [...model.unshared, change];
}

function foldAgenda(model: AgreementModel, event: WireEvent): AgreementModel {
  switch (event.type) {
    case 'agenda.itemAdded': {
      const p = event.payload;
      const known = model.agenda.find((item) => item.itemId === p.itemId);
      const item: AgendaItemEntry = {
        ...p,
        links: known?.links ?? [],
        at: known?.at ?? event.at,
        updatedAt: known?.updatedAt ?? event.at,
      };
      return { ...model, agenda: upsert(model.agenda, item, (i) => i.itemId === p.itemId, byNumber) };
    }
    case 'agenda.itemUpdated': {
      const p = event.payload;
      return {
        ...model,
        agenda: model.agenda.map((item) =>
          item.itemId === p.itemId
            ? { ...item, title: p.title, description: p.description, updatedAt: event.at }
            : item,
        ),
      };
    }
    case 'agenda.linked': {
      const { itemId, kind, targetId } = event.payload;
      return {
        ...model,
        agenda: model.agenda.map((item) =>
          item.itemId !== itemId || item.links.some((l) => l.kind === kind && l.targetId === targetId)
            ? item
            : { ...item, links: [...item.links, { kind, targetId, at: event.at }] },
        ),
      };
    }
    default:
      return model;
  }
}

function foldDraft(model: AgreementModel, event: WireEvent): AgreementModel {
  switch (event.type) {
    case 'text.clauseDrafted': {
      const p = event.payload;
      const known = model.clauses.find((c) => c.clauseId === p.clauseId);
      const clause: ClauseEntry = {
        clauseId: p.clauseId,
        number: p.number,
        agendaItemIds: [...p.agendaItemIds],
        state: p.state,
        texts: copyTexts(p.texts),
        alternatives: copyAlternatives(p.alternatives),
        chosen: known?.chosen ?? null,
        at: known?.at ?? event.at,
        updatedAt: event.at,
      };
      return {
        ...model,
        clauses: upsert(model.clauses, clause, (c) => c.clauseId === p.clauseId, byNumber),
        unshared: noteDraft(model, {
          kind: 'clause',
          eventId: event.id,
          clauseId: p.clauseId,
          number: p.number,
          at: event.at,
          by: event.actor,
        }),
      };
    }
    case 'text.clauseStateSet': {
      const p = event.payload;
      return {
        ...model,
        clauses: model.clauses.map((c) =>
          c.clauseId === p.clauseId
            ? {
                ...c,
                state: p.state,
                chosen: p.chosen ?? c.chosen,
                texts: copyTexts(p.texts),
                alternatives: copyAlternatives(p.alternatives),
                updatedAt: event.at,
              }
            : c,
        ),
        unshared: noteDraft(model, {
          kind: 'clause-state',
          eventId: event.id,
          clauseId: p.clauseId,
          state: p.state,
          chosen: p.chosen,
          at: event.at,
          by: event.actor,
        }),
      };
    }
    case 'text.authenticSet':
      return {
        ...model,
        authenticLanguage: event.payload.language,
        unshared: noteDraft(model, {
          kind: 'authentic',
          eventId: event.id,
          language: event.payload.language,
          at: event.at,
          by: event.actor,
        }),
      };
    case 'glossary.termDefined': {
      const p = event.payload;
      const known = model.glossary.find((term) => term.termId === p.termId);
      const term: TermEntry = {
        termId: p.termId,
        term: copyTexts(p.term),
        definition: copyTexts(p.definition),
        state: p.state,
        at: known?.at ?? event.at,
        updatedAt: event.at,
      };
      return {
        ...model,
        glossary: upsert(model.glossary, term, (t) => t.termId === p.termId),
        unshared: noteDraft(model, {
          kind: 'term',
          eventId: event.id,
          termId: p.termId,
          at: event.at,
          by: event.actor,
        }),
      };
    }
    case 'glossary.termStateSet': {
      const p = event.payload;
      return {
        ...model,
        glossary: model.glossary.map((t) =>
          t.termId === p.termId ? { ...t, state: p.state, updatedAt: event.at } : t,
        ),
        unshared: noteDraft(model, {
          kind: 'term-state',
          eventId: event.id,
          termId: p.termId,
          state: p.state,
          at: event.at,
          by: event.actor,
        }),
      };
    }
    case 'text.versionShared': {
      const p = event.payload;
      if (model.versions.some((v) => v.version === p.version)) return model;
      const version: SharedVersionEntry = {
        version: p.version,
        authenticLanguage: p.authenticLanguage,
        clauses: p.clauses.map((c) => ({
          ...c,
          agendaItemIds: [...c.agendaItemIds],
          texts: copyTexts(c.texts),
          alternatives: copyAlternatives(c.alternatives),
        })),
        glossary: p.glossary.map((t) => ({
          ...t,
          term: copyTexts(t.term),
          definition: copyTexts(t.definition),
        })),
        at: event.at,
        by: event.actor,
      };
      const versions = [...model.versions, version].sort((a, b) => a.version - b.version);
      const newest = versions.at(-1) === version;
      // Everything drafted so far went into this version: the list starts again.
      return {
        ...model,
        versions,
        authenticLanguage: newest ? p.authenticLanguage : model.authenticLanguage,
        unshared: newest ? [] : model.unshared,
      };
    }
    default:
      return model;
  }
}

function foldResponses(model: AgreementModel, event: WireEvent): AgreementModel {
  switch (event.type) {
    case 'text.commented': {
      const p = event.payload;
      if (model.comments.some((c) => c.commentId === p.commentId)) return model;
      return { ...model, comments: [...model.comments, { ...p, at: event.at, author: event.actor }] };
    }
    case 'package.marked': {
      const p = event.payload;
      const mark: PackageMark = { ...p, at: event.at };
      const same = (m: PackageMark) =>
        m.version === p.version && m.clauseId === p.clauseId && m.partyId === p.partyId;
      return { ...model, marks: upsert(model.marks, mark, same) };
    }
    case 'package.accepted': {
      const p = event.payload;
      if (model.acceptances.some((a) => a.version === p.version && a.partyId === p.partyId)) return model;
      return { ...model, acceptances: [...model.acceptances, { ...p, at: event.at }] };
    }
    case 'package.agreed':
      return model.agreed ? model : { ...model, agreed: { version: event.payload.version, at: event.at } };
    default:
      return model;
  }
}

function updateEarly(
  model: AgreementModel,
  itemId: AgendaItemId,
  change: (item: EarlyItem) => EarlyItem,
): AgreementModel {
  const known = model.early.find((e) => e.itemId === itemId) ?? {
    itemId,
    proposedAt: null,
    consents: [],
    implemented: null,
  };
  return { ...model, early: upsert(model.early, change(known), (e) => e.itemId === itemId) };
}

function foldEarly(model: AgreementModel, event: WireEvent): AgreementModel {
  switch (event.type) {
    case 'item.earlyProposed':
      return updateEarly(model, event.payload.itemId, (e) => ({
        ...e,
        proposedAt: e.proposedAt ?? event.at,
      }));
    case 'item.earlyConsented': {
      const { itemId, partyId } = event.payload;
      return updateEarly(model, itemId, (e) =>
        e.consents.some((c) => c.partyId === partyId)
          ? e
          : { ...e, consents: [...e.consents, { partyId, at: event.at }] },
      );
    }
    case 'item.implementedEarly': {
      const { itemId, title } = event.payload;
      return updateEarly(model, itemId, (e) =>
        e.implemented ? e : { ...e, implemented: { at: event.at, title } },
      );
    }
    default:
      return model;
  }
}

function foldSignatures(model: AgreementModel, event: WireEvent): AgreementModel {
  switch (event.type) {
    case 'talks.opened':
      return { ...model, title: event.payload.title, parties: event.payload.parties };
    case 'member.keyRegistered': {
      const p = event.payload;
      const key: RegisteredKey = {
        memberId: p.memberId,
        role: p.role,
        partyId: p.partyId,
        jwk: p.jwk,
        at: event.at,
      };
      return { ...model, keys: { ...model.keys, [p.memberId]: key } };
    }
    case 'agreement.signed': {
      const p = event.payload;
      if (model.signatures.some((s) => s.version === p.version && s.partyId === p.partyId)) return model;
      return { ...model, signatures: [...model.signatures, { ...p, at: event.at }] };
    }
    case 'agreement.concluded':
      return model.concluded ? model : { ...model, concluded: { ...event.payload, at: event.at } };
    default:
      return model;
  }
}

const folds = [foldAgenda, foldDraft, foldResponses, foldEarly, foldSignatures];

/** Folds one event in; an event that is not about the agreement, or one already folded, returns the same model. */
export function applyAgreementEvent(model: AgreementModel, event: WireEvent): AgreementModel {
  if (event.aseq <= (model.folded[event.audience] ?? 0)) return model;
  const next = folds.reduce((acc, fold) => fold(acc, event), model);
  return next === model ? model : { ...next, folded: { ...next.folded, [event.audience]: event.aseq } };
}

/** The agreement from a list of events (any order within an audience is the server's). */
export const foldAgreement = (
  events: readonly WireEvent[],
  start: AgreementModel = emptyAgreement(),
): AgreementModel => events.reduce(applyAgreementEvent, start);

export * from './agreement-selectors.js';
