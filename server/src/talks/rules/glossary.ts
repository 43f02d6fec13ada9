import { LIMITS, type CommandPayloads, type TermId } from '../../../../shared/src/index.js';
import type { DecideContext } from '../context.js';
import { decision, type Decision } from '../decision.js';
import { notFound } from '../domain-error.js';
import { draft } from '../events.js';
import type { Member, TalksState } from '../state.js';
import { conflict, invalid, requireMediator, requirePhase } from './guards.js';
import { hasWords, mergeTexts, NO_TEXT, requireAuthenticWords, requireTextOpen, sameJson } from './texts.js';

function requireDrafting(state: TalksState, actor: Member, what: string): void {
  requireMediator(actor, what);
  requirePhase(state, 'text');
  requireTextOpen(state);
}

/**
 * [LNG1] One language is authentic (English until the mediators designate another);
 * the others are translations. The choice is part of the draft and of every shared version.
 */
export function setAuthenticLanguage(
  state: TalksState,
  { language }: CommandPayloads['text.setAuthentic'],
  actor: Member,
): Decision {
  requireDrafting(state, actor, 'designate the authentic language');
  if (state.agreement.authenticLanguage === language)
    throw conflict(`${language} is already the authentic language.`);
  return decision([draft('text.authenticSet', { language })]);
}

/**
 * [LNG2] The mediators define a glossary term (the term and its definition in each
 * language), drafted in private like a clause and shared with every version. A
 * changed wording reopens the term.
 */
export function defineTerm(
  state: TalksState,
  { termId, term, definition }: CommandPayloads['glossary.define'],
  actor: Member,
  ctx: DecideContext,
): Decision {
  requireDrafting(state, actor, 'define glossary terms');
  const existing = termId === undefined ? undefined : state.agreement.terms[termId as TermId];
  if (termId !== undefined && !existing) throw notFound();
  if (!existing && state.agreement.termOrder.length >= LIMITS.maxTerms) {
    throw conflict(`The glossary holds at most ${LIMITS.maxTerms} terms.`);
  }
  const words = mergeTexts(existing?.term ?? NO_TEXT, term);
  const meaning = mergeTexts(existing?.definition ?? NO_TEXT, definition);
  if (!hasWords(words)) throw invalid('A glossary term needs words in at least one language.');
  if (existing && sameJson([words, meaning], [existing.term, existing.definition]))
    throw conflict('The term already reads so.');
  const id = existing?.id ?? (ctx.newId() as TermId);
  return decision(
    [draft('glossary.termDefined', { termId: id, term: words, definition: meaning, state: 'open' })],
    {
      termId: id,
    },
  );
}

/** [LNG2] Terms are agreed like clauses, with the same states; a term has no bracketed wordings. */
export function setTermState(
  state: TalksState,
  { termId, state: to }: CommandPayloads['glossary.setState'],
  actor: Member,
): Decision {
  requireDrafting(state, actor, 'set the state of glossary terms');
  if (to === 'bracketed') throw invalid('A glossary term has no bracketed wordings: redefine it instead.');
  const term = state.agreement.terms[termId as TermId];
  if (!term) throw notFound();
  if (term.state === to) throw conflict(`The term is already ${to}.`);
  if (to === 'agreed' || to === 'provisionally-agreed') {
    requireAuthenticWords(state.agreement.authenticLanguage, term.term, term.definition);
  }
  return decision([draft('glossary.termStateSet', { termId: term.id, state: to })]);
}
