import type { Alternative, ClauseSnapshot, SharedVersion, TermSnapshot } from './events.js';
import { LANGUAGES, type ClauseState, type Language, type LanguageTexts } from './model.js';
import { sameJson } from './same-json.js';

// A readable diff between two shared versions of the single negotiating text, computed
// where the versions are (the client holds every text.versionShared event it may read):
// clause by clause, language by language, word by word. Pure, for browser and server.

export type DiffOp = 'same' | 'added' | 'removed';
export interface DiffPart {
  op: DiffOp;
  text: string;
}
export type Change = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ClauseDiff {
  clauseId: string;
  number: { from: number | null; to: number | null };
  change: Change;
  state: { from: ClauseState | null; to: ClauseState | null };
  texts: Record<Language, DiffPart[]>;
  /** The bracketed wordings on each side, when either side had any. */
  alternatives: { from: Alternative[]; to: Alternative[] } | null;
}

export interface TermDiff {
  termId: string;
  change: Change;
  state: { from: ClauseState | null; to: ClauseState | null };
  term: Record<Language, DiffPart[]>;
  definition: Record<Language, DiffPart[]>;
}

export interface VersionDiff {
  from: number;
  to: number;
  authenticLanguage: { from: Language; to: Language };
  clauses: ClauseDiff[];
  glossary: TermDiff[];
}

/** Beyond this many word pairs a changed text is shown as removed-then-added, not word by word. */
const MAX_CELLS = 2_000_000;

const tokens = (text: string): string[] => text.split(/(\s+)/).filter((token) => token !== '');

function merge(parts: DiffPart[], op: DiffOp, text: string): void {
  const last = parts.at(-1);
  if (last && last.op === op) last.text += text;
  else parts.push({ op, text });
}

/** A word-level diff (longest common subsequence), whitespace kept so the parts rejoin into each text. */
export function diffWords(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ op: 'same', text: before }];
  const a = tokens(before);
  const b = tokens(after);
  const parts: DiffPart[] = [];
  if (a.length * b.length > MAX_CELLS) {
    if (before) parts.push({ op: 'removed', text: before });
    if (after) parts.push({ op: 'added', text: after });
    return parts;
  }
  // lengths[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lengths[i] as Uint32Array;
    const below = lengths[i + 1] as Uint32Array;
    for (let j = b.length - 1; j >= 0; j--) {
      row[j] =
        a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      merge(parts, 'same', a[i++] as string);
      j++;
    } else if ((lengths[i + 1]?.[j] ?? 0) >= (lengths[i]?.[j + 1] ?? 0))
      merge(parts, 'removed', a[i++] as string);
    else merge(parts, 'added', b[j++] as string);
  }
  while (i < a.length) merge(parts, 'removed', a[i++] as string);
  while (j < b.length) merge(parts, 'added', b[j++] as string);
  return parts;
}

const EMPTY: LanguageTexts = { en: '', uk: '', ru: '' };

const diffTexts = (before: LanguageTexts, after: LanguageTexts): Record<Language, DiffPart[]> =>
  Object.fromEntries(
    LANGUAGES.map((language) => [language, diffWords(before[language], after[language])]),
  ) as Record<Language, DiffPart[]>;

const changeOf = (before: unknown, after: unknown): Change => {
  if (before === undefined) return 'added';
  if (after === undefined) return 'removed';
  return sameJson(before, after) ? 'unchanged' : 'changed';
};

function diffClause(before: ClauseSnapshot | undefined, after: ClauseSnapshot | undefined): ClauseDiff {
  const either = (after ?? before) as ClauseSnapshot;
  const alternatives = [...(before?.alternatives ?? []), ...(after?.alternatives ?? [])];
  return {
    clauseId: either.clauseId,
    number: { from: before?.number ?? null, to: after?.number ?? null },
    change: changeOf(before, after),
    state: { from: before?.state ?? null, to: after?.state ?? null },
    texts: diffTexts(before?.texts ?? EMPTY, after?.texts ?? EMPTY),
    alternatives:
      alternatives.length > 0 ? { from: before?.alternatives ?? [], to: after?.alternatives ?? [] } : null,
  };
}

function diffTerm(before: TermSnapshot | undefined, after: TermSnapshot | undefined): TermDiff {
  const either = (after ?? before) as TermSnapshot;
  return {
    termId: either.termId,
    change: changeOf(before, after),
    state: { from: before?.state ?? null, to: after?.state ?? null },
    term: diffTexts(before?.term ?? EMPTY, after?.term ?? EMPTY),
    definition: diffTexts(before?.definition ?? EMPTY, after?.definition ?? EMPTY),
  };
}

/** Pairs items by id: those of `after` in its order, then those only `before` had. */
function paired<T>(before: T[], after: T[], idOf: (item: T) => string): [T | undefined, T | undefined][] {
  const earlier = new Map(before.map((item) => [idOf(item), item]));
  const later = new Set(after.map(idOf));
  return [
    ...after.map((item): [T | undefined, T | undefined] => [earlier.get(idOf(item)), item]),
    ...before
      .filter((item) => !later.has(idOf(item)))
      .map((item): [T | undefined, T | undefined] => [item, undefined]),
  ];
}

/** What changed from one shared version to another (any two, in either order). */
export function diffVersions(from: SharedVersion, to: SharedVersion): VersionDiff {
  return {
    from: from.version,
    to: to.version,
    authenticLanguage: { from: from.authenticLanguage, to: to.authenticLanguage },
    clauses: paired(from.clauses, to.clauses, (clause) => clause.clauseId).map(([a, b]) => diffClause(a, b)),
    glossary: paired(from.glossary, to.glossary, (term) => term.termId).map(([a, b]) => diffTerm(a, b)),
  };
}
