import {
  LIMITS,
  resolveBrackets,
  type Alternative,
  type ClauseId,
  type ClauseState,
  type ClauseSnapshot,
  type CommandPayloads,
  type CommentId,
  type SharedVersion,
} from '../../../../shared/src/index.js';
import { latestVersion, versionNumbered, type Clause } from '../agreement-state.js';
import type { DecideContext } from '../context.js';
import { decision, type Decision } from '../decision.js';
import { notFound } from '../domain-error.js';
import { draft } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { agendaItem } from './agenda.js';
import { requireNoCopiedWords } from './disclosure.js';
import { conflict, invalid, requireDelegation, requireMediator, requirePhase } from './guards.js';
import {
  bracketedWordings,
  hasWords,
  mergeTexts,
  NO_TEXT,
  requireAuthenticWords,
  requireTextOpen,
  sameJson,
} from './texts.js';

function clauseOf(state: TalksState, clauseId: string): Clause {
  const clause = state.agreement.clauses[clauseId as ClauseId];
  if (!clause) throw notFound();
  return clause;
}

function requireDrafting(state: TalksState, actor: Member): void {
  requireMediator(actor, 'draft the negotiating text');
  requirePhase(state, 'text');
  requireTextOpen(state);
}

/**
 * [TXT1] The mediators draft a clause (or revise one) in private: the draft goes to
 * the mediators only. A revision that changes the wording reopens the clause.
 */
export function draftClause(
  state: TalksState,
  payload: CommandPayloads['text.draftClause'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireDrafting(state, actor);
  const existing = payload.clauseId === undefined ? undefined : clauseOf(state, payload.clauseId);
  const agendaItemIds = [...new Set(payload.agendaItemIds)].map((id) => agendaItem(state, id).id);
  if (!existing && state.agreement.clauseOrder.length >= LIMITS.maxClauses) {
    throw conflict(`The text holds at most ${LIMITS.maxClauses} clauses.`);
  }
  const texts = mergeTexts(existing?.texts ?? NO_TEXT, payload.texts);
  const alternatives = bracketedWordings(payload.alternatives) ?? existing?.alternatives ?? [];
  if (!hasWords(texts) && alternatives.length === 0)
    throw invalid('A clause needs words in at least one language.');
  // [DIS6] The text is shared with every party: it is the mediators' words, never a party's secret.
  requireNoCopiedWords(state, [texts, ...alternatives.map((a) => a.texts)].flatMap((t) => Object.values(t)), {
    toPartyId: null,
  });
  const reworded = !existing || !sameJson([texts, alternatives], [existing.texts, existing.alternatives]);
  if (existing && !reworded && sameJson(agendaItemIds, existing.agendaItemIds))
    throw conflict('The clause already reads so.');
  const clauseId = existing?.id ?? (ctx.newId() as ClauseId);
  const number = existing?.number ?? state.agreement.clauseOrder.length + 1;
  const clauseState = reworded
    ? alternatives.length > 0
      ? 'bracketed'
      : 'open'
    : (existing?.state ?? 'open');
  return decision(
    [
      draft('text.clauseDrafted', {
        clauseId,
        number,
        agendaItemIds,
        texts,
        alternatives,
        state: clauseState,
      }),
    ],
    { clauseId },
  );
}

/**
 * The bracketed wording a state change chooses, if any: a clause enters the brackets with
 * its alternatives and leaves them only by choosing one of them.
 */
function chosenWording(clause: Clause, to: ClauseState, label: string | undefined): Alternative | undefined {
  const bracketed = clause.alternatives.length > 0;
  if (to === 'bracketed') {
    if (label !== undefined) throw invalid('Choose a wording only when leaving the brackets.');
    if (!bracketed) throw conflict('Nothing is bracketed in this clause: draft alternative wordings first.');
    return undefined;
  }
  if (!bracketed) {
    if (label !== undefined) throw invalid('This clause has no bracketed wordings.');
    return undefined;
  }
  if (label === undefined) {
    const labels = clause.alternatives.map((candidate) => candidate.label).join(', ');
    throw conflict(`Resolve the brackets first: choose one of the wordings (${labels}).`);
  }
  const chosen = clause.alternatives.find((candidate) => candidate.label === label);
  if (!chosen) throw invalid(`No bracketed wording is labelled "${label}".`);
  return chosen;
}

/**
 * [TXT2] The mediators set a clause's state. Bracketed keeps two or more wordings side by
 * side; leaving the brackets means choosing one, which takes the brackets' place in the
 * clause's wording (or follows it, when the wording marks no place): the rest stays.
 * Agreed, provisionally or not, needs words in the authentic language.
 */
export function setClauseState(
  state: TalksState,
  { clauseId, state: to, alternative }: CommandPayloads['text.setClauseState'],
  actor: Member,
): Decision {
  requireDrafting(state, actor);
  const clause = clauseOf(state, clauseId);
  const chosen = chosenWording(clause, to, alternative);
  if (!chosen && clause.state === to) throw conflict(`The clause is already ${to}.`);
  // The chosen wording replaces the brackets only: the rest of the clause stays.
  const texts = chosen ? resolveBrackets(clause.texts, chosen.texts) : clause.texts;
  if (to === 'agreed' || to === 'provisionally-agreed') {
    requireAuthenticWords(state.agreement.authenticLanguage, texts);
  }
  const alternatives = chosen ? [] : clause.alternatives;
  return decision([
    draft('text.clauseStateSet', {
      clauseId: clause.id,
      state: to,
      chosen: chosen?.label ?? null,
      texts,
      alternatives,
    }),
  ]);
}

/** The working draft as it stands: what a shared version holds. */
function snapshotOf(state: TalksState): Omit<SharedVersion, 'version'> {
  const { agreement } = state;
  const clauses = agreement.clauseOrder.flatMap((id): ClauseSnapshot[] => {
    const clause = agreement.clauses[id];
    if (!clause) return [];
    const { number, agendaItemIds, state: clauseState, texts, alternatives } = clause;
    return [{ clauseId: id, number, agendaItemIds, state: clauseState, texts, alternatives }];
  });
  const glossary = agreement.termOrder.flatMap((id) => {
    const term = agreement.terms[id];
    return term ? [{ termId: id, term: term.term, definition: term.definition, state: term.state }] : [];
  });
  return structuredClone({ authenticLanguage: agreement.authenticLanguage, clauses, glossary });
}

/**
 * [TXT3] A mediator shares the whole working draft as the next numbered version: one
 * event, to every delegation at the same moment, always as the mediators' text.
 */
export function shareVersion(
  state: TalksState,
  _payload: CommandPayloads['text.shareVersion'],
  actor: Member,
): Decision {
  requireDrafting(state, actor);
  const snapshot = snapshotOf(state);
  if (snapshot.clauses.length === 0) throw conflict('Draft a clause before sharing the text.');
  const latest = latestVersion(state.agreement);
  if (latest) {
    const { version: previous, authenticLanguage, clauses, glossary } = latest;
    if (sameJson(snapshot, { authenticLanguage, clauses, glossary }))
      throw conflict(`Nothing changed since version ${previous}.`);
  }
  const version = state.agreement.versions.length + 1;
  return decision([draft('text.versionShared', { version, ...snapshot })], { version });
}

/**
 * [TXT4] A delegation member comments on a clause of a shared version, saying whether
 * the party objects. The comment reaches the party's own room only: the mediators read
 * it there; another party never does.
 */
export function commentOnClause(
  state: TalksState,
  { version, clauseId, text, objects }: CommandPayloads['text.comment'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  const partyId = requireDelegation(actor, 'comment on the negotiating text');
  requirePhase(state, 'text');
  const shared = versionNumbered(state.agreement, version);
  const clause = shared?.clauses.find((candidate) => candidate.clauseId === clauseId);
  if (!shared || !clause) throw notFound();
  const commentId = ctx.newId() as CommentId;
  return decision(
    [draft('text.commented', { commentId, version, clauseId: clause.clauseId, partyId, text, objects })],
    { commentId },
  );
}
