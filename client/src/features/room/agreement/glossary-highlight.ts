// Finds the glossary's terms in a clause's wording, so the reader sees which words the
// glossary defines and what it says they mean. Case-insensitive, whole words only (in
// any script: \b knows no Cyrillic), longest term first so "the lines of 1 May" wins
// over "the lines".

export interface GlossaryEntry {
  term: string;
  definition: string;
}

export type TextPiece = { kind: 'text'; text: string } | { kind: 'term'; text: string; definition: string };

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function highlightTerms(text: string, glossary: readonly GlossaryEntry[]): TextPiece[] {
  const entries = glossary
    .map((entry) => ({ term: entry.term.trim(), definition: entry.definition }))
    .filter((entry) => entry.term !== '')
    .sort((a, b) => b.term.length - a.term.length);
  if (entries.length === 0 || text === '') return text === '' ? [] : [{ kind: 'text', text }];
  const definitions = new Map(entries.map((entry) => [entry.term.toLocaleLowerCase(), entry.definition]));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(${entries.map((entry) => escape(entry.term)).join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const found = match[0];
    const start = match.index;
    if (start > last) pieces.push({ kind: 'text', text: text.slice(last, start) });
    pieces.push({ kind: 'term', text: found, definition: definitions.get(found.toLocaleLowerCase()) ?? '' });
    last = start + found.length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}
