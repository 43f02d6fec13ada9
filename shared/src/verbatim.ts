// Word-for-word copies of a party's text, told apart from a mediator's own words ([DIS5],
// [DIS6]). Pure and free of Node APIs: the server refuses with it, the web client warns
// with it, and both read the same words the same way.
//
// A text is read as its words: letters, digits and combining marks in any script (Latin,
// Cyrillic, Greek, Arabic...), in lower case after Unicode compatibility folding, so
// case, spacing and punctuation never hide a copy. Scripts written without spaces
// (Chinese, Japanese, Thai) read as long runs: a whole copy is still caught, a partial
// one is not.

/** A run of this many words copied in a row is a copy, not a coincidence of phrasing. */
export const COPIED_RUN_WORDS = 8;

/**
 * A party's text shorter than this is common wording ("we agree", "no"); outside a
 * conveyance that cites it, it is never treated as copied.
 */
export const MIN_QUOTED_WORDS = 4;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of a text, case, spacing and punctuation set aside. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/** The text reduced to its words, one space between them. */
export const normalisedText = (text: string): string => wordsOf(text).join(' ');

/** The same words in the same order, whatever the case, spacing and punctuation. */
export const sameWords = (a: string, b: string): boolean => normalisedText(a) === normalisedText(b);

/** Whether `text` holds every word of `source`, in order and in a row. */
export function containsWords(text: string, source: string): boolean {
  const needle = normalisedText(source);
  if (needle === '') return false;
  return ` ${normalisedText(text)} `.includes(` ${needle} `);
}

export interface CopiedRun {
  /** Where the run starts in the draft, counted in words. */
  start: number;
  /** The copied words, as normalised. */
  words: string[];
}

/**
 * The longest stretch of `draft` in which every `min` words in a row also stand in a row
 * in `source`, or null when no run of `min` words is copied. Linear: each window of `min`
 * words is looked up in a set of the source's windows.
 */
export function copiedRun(draft: string, source: string, min = COPIED_RUN_WORDS): CopiedRun | null {
  const draftWords = wordsOf(draft);
  const sourceWords = wordsOf(source);
  if (draftWords.length < min || sourceWords.length < min) return null;
  const windows = new Set<string>();
  for (let i = 0; i + min <= sourceWords.length; i++) windows.add(sourceWords.slice(i, i + min).join(' '));
  let best: CopiedRun | null = null;
  let runStart = -1;
  for (let i = 0; i + min <= draftWords.length; i++) {
    const copied = windows.has(draftWords.slice(i, i + min).join(' '));
    if (copied && runStart < 0) runStart = i;
    const ends = runStart >= 0 && (!copied || i + min === draftWords.length);
    if (ends) {
      const end = (copied ? i : i - 1) + min;
      if (!best || end - runStart > best.words.length) best = { start: runStart, words: draftWords.slice(runStart, end) };
      runStart = -1;
    }
  }
  return best;
}
