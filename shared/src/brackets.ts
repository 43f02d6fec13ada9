import { LANGUAGES, type LanguageTexts } from './model.js';

// [TXT2] Resolving a bracketed clause: the chosen wording takes the place of the brackets,
// and only of the brackets. One pure function for the domain (which records the result)
// and the console (which shows the result before the mediator confirms).
//
// A clause's wording marks where its bracketed alternatives stand with a span in square
// brackets ("shall be shared [as follows]:"), the drafters' usual sign; without one, the
// alternatives follow the wording ("... shall be shared as follows:" + "equally").

/** Where the first bracketed span of a wording stands, brackets included; null if none. */
export function bracketSpan(wording: string): { start: number; end: number } | null {
  const start = wording.indexOf('[');
  if (start < 0) return null;
  const close = wording.indexOf(']', start + 1);
  return close < 0 ? null : { start, end: close + 1 };
}

/** One language: the chosen wording in place of the brackets, every other character kept. */
export function resolveWording(wording: string, chosen: string): string {
  const span = bracketSpan(wording);
  if (span) return wording.slice(0, span.start) + chosen + wording.slice(span.end);
  if (wording === '' || chosen === '') return wording + chosen;
  return /\s$/.test(wording) ? wording + chosen : `${wording} ${chosen}`;
}

/** Every language of a clause, resolved with the chosen alternative's wording in that language. */
export const resolveBrackets = (texts: LanguageTexts, chosen: LanguageTexts): LanguageTexts =>
  Object.fromEntries(LANGUAGES.map((l) => [l, resolveWording(texts[l], chosen[l])])) as LanguageTexts;
