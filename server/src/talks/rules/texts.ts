import {
  LANGUAGES,
  type Alternative,
  type CommandPayloads,
  type Language,
  type LanguageTexts,
} from '../../../../shared/src/index.js';
import type { TalksState } from '../state.js';
import { conflict, invalid } from './guards.js';

// Helpers shared by the rules of the negotiating text and the glossary.

export const NO_TEXT: LanguageTexts = { en: '', uk: '', ru: '' };

type GivenTexts = CommandPayloads['text.draftClause']['texts'];

/** A revision names the languages it changes; the others keep their wording. */
export const mergeTexts = (before: LanguageTexts, given: GivenTexts): LanguageTexts => ({
  en: given.en ?? before.en,
  uk: given.uk ?? before.uk,
  ru: given.ru ?? before.ru,
});

export const hasWords = (texts: LanguageTexts): boolean =>
  LANGUAGES.some((language) => texts[language] !== '');

// A talks folded from the log and one folded as it was decided must answer alike.
export { sameJson } from '../../../../shared/src/same-json.js';

/** [TXT2] Bracketed wordings: none, or two and more with distinct labels. */
export function bracketedWordings(
  given: CommandPayloads['text.draftClause']['alternatives'],
): Alternative[] | undefined {
  if (given === undefined) return undefined;
  if (given.length === 1) throw invalid('Bracket at least two alternative wordings, or none.');
  const labels = new Set(given.map((alternative) => alternative.label.toLowerCase()));
  if (labels.size !== given.length) throw invalid('Each bracketed wording needs its own label.');
  return given.map(({ label, texts }) => ({ label, texts: mergeTexts(NO_TEXT, texts) }));
}

/** [LNG1] Something is agreed only in words that exist in the authentic language. */
export function requireAuthenticWords(language: Language, ...texts: LanguageTexts[]): void {
  if (texts.some((text) => text[language] === '')) {
    throw conflict(`It has no wording in the authentic language (${language}) yet: it cannot be agreed.`);
  }
}

/** [TXT6] Once the package is agreed, its text is final. */
export function requireTextOpen(state: TalksState): void {
  if (state.agreement.agreedVersion !== null) {
    throw conflict(`The package is agreed (version ${state.agreement.agreedVersion}): its text is final.`);
  }
}
