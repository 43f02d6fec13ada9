import type { CommandPayloads, PartyId } from '../../../../shared/src/index.js';
import { latestVersion, versionNumbered, type VersionRecord } from '../agreement-state.js';
import { decision, type Decision } from '../decision.js';
import { notFound } from '../domain-error.js';
import { draft, type DraftEvent } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { agendaItem } from './agenda.js';
import { conflict, requireHead, requireMediator, requirePhase } from './guards.js';
import { requireTextOpen } from './texts.js';

/** The version a head acts on: it must exist (NOT_FOUND) and be the current one (CONFLICT). */
function currentVersion(state: TalksState, version: number): VersionRecord {
  const shared = versionNumbered(state.agreement, version);
  if (!shared) throw notFound();
  const latest = latestVersion(state.agreement);
  if (latest && latest.version !== version) {
    throw conflict(`Version ${version} is no longer the current text: version ${latest.version} is.`);
  }
  return shared;
}

/**
 * [PKG1] A head marks, clause by clause of the current version, whether the party can
 * live with it. The mark reaches the party's own room only: the mediators see every
 * party's marks, a party only its own.
 */
export function markClause(
  state: TalksState,
  { version, clauseId, canLiveWith }: CommandPayloads['package.mark'],
  actor: Member,
): Decision {
  const partyId = requireHead(actor, 'mark the package');
  requirePhase(state, 'package');
  requireTextOpen(state);
  const shared = currentVersion(state, version);
  const clause = shared.clauses.find((candidate) => candidate.clauseId === clauseId);
  if (!clause) throw notFound();
  if (shared.accepted.includes(partyId))
    throw conflict(`Your party accepted version ${version} as a whole: its marks are final.`);
  if (shared.marks[partyId]?.[clause.clauseId] === canLiveWith)
    throw conflict('The clause is already marked so.');
  return decision([draft('package.marked', { version, clauseId: clause.clauseId, partyId, canLiveWith })]);
}

/** What still stands between a party's head and accepting this version, in words. */
function obstacles(shared: VersionRecord, partyId: PartyId): string[] {
  const open = shared.clauses.filter((clause) => clause.state !== 'agreed').map((clause) => clause.number);
  const openTerms = shared.glossary.filter((term) => term.state !== 'agreed');
  const marks = shared.marks[partyId] ?? {};
  const unmarked = shared.clauses
    .filter((clause) => marks[clause.clauseId] !== true)
    .map((clause) => clause.number);
  return [
    ...(open.length > 0 ? [`clauses not agreed: ${open.join(', ')}`] : []),
    ...(openTerms.length > 0 ? [`glossary terms not agreed: ${openTerms.length}`] : []),
    ...(unmarked.length > 0
      ? [`clauses your party has not marked as one it can live with: ${unmarked.join(', ')}`]
      : []),
  ];
}

/**
 * [PKG2] A head accepts the whole of the current version, once its every clause and
 * term is agreed and the party marked every clause as one it can live with.
 * [PKG3] Nothing is agreed until everything is agreed: when every party's head has
 * accepted the same version, the package is agreed, a public milestone.
 */
export function acceptPackage(
  state: TalksState,
  { version }: CommandPayloads['package.accept'],
  actor: Member,
): Decision {
  const partyId = requireHead(actor, 'accept the package');
  requirePhase(state, 'package');
  requireTextOpen(state);
  const shared = currentVersion(state, version);
  if (shared.accepted.includes(partyId)) throw conflict(`Your party already accepted version ${version}.`);
  const missing = obstacles(shared, partyId);
  if (missing.length > 0) throw conflict(`Version ${version} cannot be accepted yet: ${missing.join('; ')}.`);
  const events: DraftEvent[] = [draft('package.accepted', { version, partyId })];
  const accepted = [...shared.accepted, partyId];
  if (state.parties.every((party) => accepted.includes(party.id)))
    events.push(draft('package.agreed', { version }));
  return decision(events);
}

/** [PKG4] A mediator proposes that one agenda item be implemented early, on its own. */
export function proposeEarly(
  state: TalksState,
  { itemId }: CommandPayloads['item.proposeEarly'],
  actor: Member,
): Decision {
  requireMediator(actor, 'propose early implementation');
  requirePhase(state, 'text');
  const item = agendaItem(state, itemId);
  if (item.implementedEarly) throw conflict('This item is already implemented early.');
  if (item.earlyProposed) throw conflict('This item is already proposed for early implementation.');
  return decision([draft('item.earlyProposed', { itemId: item.id })]);
}

/**
 * [PKG4] Each head consents, in the party's own room; with every party's consent the
 * item binds on its own and is published to the gallery.
 */
export function consentEarly(
  state: TalksState,
  { itemId }: CommandPayloads['item.consentEarly'],
  actor: Member,
): Decision {
  const partyId = requireHead(actor, 'consent to early implementation');
  requirePhase(state, 'text');
  const item = agendaItem(state, itemId);
  if (item.implementedEarly) throw conflict('This item is already implemented early.');
  if (!item.earlyProposed)
    throw conflict('The mediators have not proposed this item for early implementation.');
  if (item.earlyConsents.includes(partyId)) throw conflict('Your party already consented.');
  const events: DraftEvent[] = [draft('item.earlyConsented', { itemId: item.id, partyId })];
  const consents = [...item.earlyConsents, partyId];
  if (state.parties.every((party) => consents.includes(party.id))) {
    events.push(draft('item.implementedEarly', { itemId: item.id, title: item.title }));
  }
  return decision(events);
}
