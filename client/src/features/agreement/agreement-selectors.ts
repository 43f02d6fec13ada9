import type { ClauseSnapshot, SharedVersion } from '../../../../shared/src/events.js';
import type { AgendaItemId, ClauseId, PartyId, TermId } from '../../../../shared/src/ids.js';
import { diffVersions, type VersionDiff } from '../../../../shared/src/text-diff.js';
import type {
  AgendaItemEntry,
  AgreementModel,
  ClauseEntry,
  CommentEntry,
  EarlyItem,
  SharedVersionEntry,
  SignatureEntry,
} from './agreement-model.js';

// Questions the agreement views ask of the folded model. Pure, tested with plain events.

export { diffVersions };
export type {
  Change,
  ClauseDiff,
  DiffPart,
  TermDiff,
  VersionDiff,
} from '../../../../shared/src/text-diff.js';

/** The newest shared version, or null before the first. */
export const latestVersion = (model: AgreementModel): SharedVersionEntry | null =>
  model.versions.at(-1) ?? null;

export const versionByNumber = (model: AgreementModel, version: number): SharedVersionEntry | null =>
  model.versions.find((v) => v.version === version) ?? null;

export const agendaItem = (model: AgreementModel, itemId: string): AgendaItemEntry | null =>
  model.agenda.find((item) => item.itemId === itemId) ?? null;

export const clauseById = (model: AgreementModel, clauseId: string): ClauseEntry | null =>
  model.clauses.find((clause) => clause.clauseId === clauseId) ?? null;

/** The clauses (of the working draft, or of a version) that belong to an agenda item. */
export function clausesOfItem<C extends ClauseSnapshot>(
  model: AgreementModel,
  itemId: AgendaItemId,
  clauses: readonly C[],
): C[] {
  const linked = new Set(
    (agendaItem(model, itemId)?.links ?? []).filter((l) => l.kind === 'clause').map((l) => l.targetId),
  );
  return clauses.filter((c) => c.agendaItemIds.includes(itemId) || linked.has(c.clauseId));
}

/** The agenda items a clause belongs to: drafted with it, or linked to it by a mediator. */
export function itemsOfClause(model: AgreementModel, clause: ClauseSnapshot): AgendaItemEntry[] {
  return model.agenda.filter(
    (item) =>
      clause.agendaItemIds.includes(item.itemId) ||
      item.links.some((l) => l.kind === 'clause' && l.targetId === clause.clauseId),
  );
}

/** The comments on a clause, oldest first; on one version when given, else on every version. */
export const commentsOn = (model: AgreementModel, clauseId: string, version?: number): CommentEntry[] =>
  model.comments.filter((c) => c.clauseId === clauseId && (version === undefined || c.version === version));

/**
 * The parties that object to a clause in a version (the latest when not given): a party's
 * newest comment on that clause in that version decides, so a later comment can withdraw
 * an objection. In the order the talks lists the parties.
 */
export function objectingParties(model: AgreementModel, clauseId: string, version?: number): PartyId[] {
  const at = version ?? latestVersion(model)?.version;
  if (at === undefined) return [];
  const last = new Map<PartyId, boolean>();
  for (const comment of commentsOn(model, clauseId, at)) last.set(comment.partyId, comment.objects);
  const objecting = [...last].filter(([, objects]) => objects).map(([partyId]) => partyId);
  const order = model.parties.map((p) => p.id);
  return objecting.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** A party's mark on a clause of a version: true / false, or null when it has not marked it. */
export function markOf(
  model: AgreementModel,
  version: number,
  clauseId: string,
  partyId: string,
): boolean | null {
  const mark = model.marks.find(
    (m) => m.version === version && m.clauseId === clauseId && m.partyId === partyId,
  );
  return mark ? mark.canLiveWith : null;
}

export const hasAccepted = (model: AgreementModel, version: number, partyId: string): boolean =>
  model.acceptances.some((a) => a.version === version && a.partyId === partyId);

export interface PartyDistance {
  partyId: PartyId;
  name: string;
  /** Clauses of the version this party has not (yet) marked as one it can live with. */
  notLivedWith: ClauseId[];
  /** Of those, the ones it marked as one it cannot live with. */
  cannotLiveWith: ClauseId[];
  accepted: boolean;
}

export interface ItemDistance {
  /** null: the clauses that belong to no agenda item. */
  itemId: AgendaItemId | null;
  clauseIds: ClauseId[];
  /** Clauses of the item not yet `agreed`. */
  notAgreed: ClauseId[];
  /** Per clause of the item, the parties that have not marked it as one they can live with. */
  notLivedWith: { clauseId: ClauseId; partyIds: PartyId[] }[];
  clean: boolean;
}

export interface PackageDistance {
  /** The version measured: the current (latest) one, or null before the first. */
  version: number | null;
  clausesNotAgreed: ClauseId[];
  termsNotAgreed: TermId[];
  perParty: PartyDistance[];
  perItem: ItemDistance[];
  /** Heads that have not accepted the version. */
  headsNotAccepted: PartyId[];
  /** Steps left before the package is agreed: 0 when it is (or could be by the last acceptance). */
  stepsLeft: number;
  agreed: boolean;
}

/**
 * How far the current version is from an agreed package ([PKG1]–[PKG3]): per party, the
 * clauses it has not marked as one it can live with and whether its head accepted; per
 * agenda item, its clauses not agreed or not lived with. A party reads only its own marks,
 * so for a party only its own row is meaningful.
 */
export function packageDistance(model: AgreementModel): PackageDistance {
  const current = latestVersion(model);
  const agreed = current !== null && model.agreed?.version === current.version;
  if (!current) {
    return {
      version: null,
      clausesNotAgreed: [],
      termsNotAgreed: [],
      perParty: [],
      perItem: [],
      headsNotAccepted: model.parties.map((p) => p.id),
      stepsLeft: 0,
      agreed: false,
    };
  }
  const v = current.version;
  const clausesNotAgreed = current.clauses.filter((c) => c.state !== 'agreed').map((c) => c.clauseId);
  const termsNotAgreed = current.glossary.filter((t) => t.state !== 'agreed').map((t) => t.termId);
  const livesWith = (clauseId: ClauseId, partyId: PartyId) => markOf(model, v, clauseId, partyId) === true;
  const perParty = model.parties.map((party): PartyDistance => ({
    partyId: party.id,
    name: party.name,
    notLivedWith: current.clauses.filter((c) => !livesWith(c.clauseId, party.id)).map((c) => c.clauseId),
    cannotLiveWith: current.clauses
      .filter((c) => markOf(model, v, c.clauseId, party.id) === false)
      .map((c) => c.clauseId),
    accepted: hasAccepted(model, v, party.id),
  }));
  const itemDistance = (itemId: AgendaItemId | null, clauses: ClauseSnapshot[]): ItemDistance => {
    const notAgreed = clauses.filter((c) => c.state !== 'agreed').map((c) => c.clauseId);
    const notLivedWith = clauses
      .map((c) => ({
        clauseId: c.clauseId,
        partyIds: model.parties.filter((p) => !livesWith(c.clauseId, p.id)).map((p) => p.id),
      }))
      .filter((entry) => entry.partyIds.length > 0);
    return {
      itemId,
      clauseIds: clauses.map((c) => c.clauseId),
      notAgreed,
      notLivedWith,
      clean: notAgreed.length === 0 && notLivedWith.length === 0,
    };
  };
  const perItem = model.agenda.map((item) =>
    itemDistance(item.itemId, clausesOfItem(model, item.itemId, current.clauses)),
  );
  const unassigned = current.clauses.filter((c) => itemsOfClause(model, c).length === 0);
  if (unassigned.length > 0) perItem.push(itemDistance(null, unassigned));
  const headsNotAccepted = perParty.filter((p) => !p.accepted).map((p) => p.partyId);
  const stepsLeft = agreed
    ? 0
    : clausesNotAgreed.length +
      termsNotAgreed.length +
      perParty.reduce((sum, p) => sum + p.notLivedWith.length, 0) +
      headsNotAccepted.length;
  return {
    version: v,
    clausesNotAgreed,
    termsNotAgreed,
    perParty,
    perItem,
    headsNotAccepted,
    stepsLeft,
    agreed,
  };
}

/** The diff between two shared versions by number (either order), or null if one is unknown. */
export function diffBetween(model: AgreementModel, from: number, to: number): VersionDiff | null {
  const a = versionByNumber(model, from);
  const b = versionByNumber(model, to);
  return a && b ? diffVersions(a, b) : null;
}

/** The working draft (mediators) as the next version would carry it. */
export const workingText = (model: AgreementModel): SharedVersion => ({
  version: (latestVersion(model)?.version ?? 0) + 1,
  authenticLanguage: model.authenticLanguage,
  clauses: model.clauses.map(({ clauseId, number, agendaItemIds, state, texts, alternatives }) => ({
    clauseId,
    number,
    agendaItemIds,
    state,
    texts,
    alternatives,
  })),
  glossary: model.glossary.map(({ termId, term, definition, state }) => ({
    termId,
    term,
    definition,
    state,
  })),
});

/** What sharing now would change against the latest version (everything, before the first). */
export function workingDraftDiff(model: AgreementModel): VersionDiff {
  const latest = latestVersion(model);
  const base: SharedVersion = latest ?? { version: 0, authenticLanguage: 'en', clauses: [], glossary: [] };
  return diffVersions(base, workingText(model));
}

/** true when the working draft differs from the latest shared version (there is something to share). */
export function hasUnsharedChanges(model: AgreementModel): boolean {
  if (model.clauses.length === 0) return false;
  const diff = workingDraftDiff(model);
  return (
    diff.authenticLanguage.from !== diff.authenticLanguage.to ||
    diff.clauses.some((c) => c.change !== 'unchanged') ||
    diff.glossary.some((t) => t.change !== 'unchanged')
  );
}

export interface EarlyStatus extends EarlyItem {
  /** Parties whose head has not consented yet (as far as this reader can see). */
  waitingFor: PartyId[];
}

export function earlyStatus(model: AgreementModel, itemId: string): EarlyStatus | null {
  const early = model.early.find((e) => e.itemId === itemId);
  if (!early) return null;
  const consented = new Set<string>(early.consents.map((c) => c.partyId));
  const waitingFor = early.implemented
    ? []
    : model.parties.filter((p) => !consented.has(p.id)).map((p) => p.id);
  return { ...early, waitingFor };
}

export interface PartySignature {
  partyId: PartyId;
  name: string;
  /** A key registered by this party's head (as far as this reader can see). */
  headKeyRegistered: boolean;
  signature: SignatureEntry | null;
}

/** Per party, whether its head has a key and has signed the agreed version. */
export function signatureStatus(model: AgreementModel): PartySignature[] {
  const version = model.agreed?.version ?? null;
  const keys = Object.values(model.keys);
  return model.parties.map((party) => ({
    partyId: party.id,
    name: party.name,
    headKeyRegistered: keys.some((k) => k.role === 'head' && k.partyId === party.id),
    signature: model.signatures.find((s) => s.partyId === party.id && s.version === version) ?? null,
  }));
}
