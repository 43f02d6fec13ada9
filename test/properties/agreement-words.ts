import type { Language, LanguageTexts } from '../../shared/src/index.js';
import type { Session } from './session.js';

// The words of the generated negotiating text, in every language. Each text a mediator
// drafts carries a fresh canary in each language it is given in, so the leak check follows
// each wording from the mediators' draft to the version that shares it.

export const CLAUSE_WORDS: Record<Language, string> = {
  en: 'the parties cease all hostilities',
  uk: 'сторони припиняють усі бойові дії',
  ru: 'стороны прекращают все боевые действия',
};
export const ALTERNATIVE_WORDS: Record<Language, string> = {
  en: 'forces withdraw within 60 days',
  uk: 'сили відводяться протягом 60 днів',
  ru: 'силы отводятся в течение 60 дней',
};
export const TERM_WORDS: Record<Language, string> = { en: 'the lines', uk: 'лінії', ru: 'линии' };
export const DEFINITION_WORDS: Record<Language, string> = {
  en: 'the positions of 1 May',
  uk: 'позиції на 1 травня',
  ru: 'позиции на 1 мая',
};

/** A wording in each of these languages, each with its own canary, authored by this seat. */
export function worded(
  session: Session,
  seat: number,
  languages: readonly Language[],
  words: Record<Language, string>,
): Partial<LanguageTexts> {
  return Object.fromEntries(languages.map((language) => [language, session.text(seat, words[language])]));
}
