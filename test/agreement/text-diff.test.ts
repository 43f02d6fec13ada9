import { describe, expect, it } from 'vitest';
import { asId, type ClauseId, type SharedVersion, type TermId } from '../../shared/src/index.js';
import { diffVersions, diffWords } from '../../shared/src/text-diff.js';

const texts = (en: string, uk = '') => ({ en, uk, ru: '' });

const version = (
  n: number,
  clauses: SharedVersion['clauses'],
  glossary: SharedVersion['glossary'] = [],
): SharedVersion => ({
  version: n,
  authenticLanguage: 'en',
  clauses,
  glossary,
});

const clause = (id: string, number: number, en: string, state: 'open' | 'agreed' = 'open', uk = '') => ({
  clauseId: asId<ClauseId>(id),
  number,
  agendaItemIds: [],
  state,
  texts: texts(en, uk),
  alternatives: [],
});

describe('[TXT5] any two versions compare, clause by clause and word by word', () => {
  it('[TXT5] a word-level diff rejoins into each text', () => {
    expect(diffWords('Forces withdraw within 60 days.', 'Forces withdraw within 120 days.')).toEqual([
      { op: 'same', text: 'Forces withdraw within ' },
      { op: 'removed', text: '60' },
      { op: 'added', text: '120' },
      { op: 'same', text: ' days.' },
    ]);
    expect(diffWords('', 'New.')).toEqual([{ op: 'added', text: 'New.' }]);
    expect(diffWords('Same.', 'Same.')).toEqual([{ op: 'same', text: 'Same.' }]);
  });

  it('[TXT5] the parts of a diff give back the text before (same + removed) and after (same + added)', () => {
    const before = 'The parties agree to a ceasefire along the line of contact.';
    const after = 'Both parties agree to an immediate ceasefire along the agreed line.';
    const parts = diffWords(before, after);
    expect(
      parts
        .filter((p) => p.op !== 'added')
        .map((p) => p.text)
        .join(''),
    ).toBe(before);
    expect(
      parts
        .filter((p) => p.op !== 'removed')
        .map((p) => p.text)
        .join(''),
    ).toBe(after);
  });

  it('[TXT5] clauses are added, removed, changed or unchanged, with their states, in every language', () => {
    const one = version(1, [
      clause('a', 1, 'Peace.'),
      clause('b', 2, 'Withdrawal in 60 days.'),
      clause('c', 3, 'Prisoners.'),
    ]);
    const two = version(2, [
      clause('a', 1, 'Peace.'),
      clause('b', 2, 'Withdrawal in 90 days.', 'agreed', 'Відведення.'),
      clause('d', 3, 'Elections.'),
    ]);
    const diff = diffVersions(one, two);
    expect(diff.clauses.map((c) => [c.clauseId, c.change])).toEqual([
      ['a', 'unchanged'],
      ['b', 'changed'],
      ['d', 'added'],
      ['c', 'removed'],
    ]);
    const changed = diff.clauses[1];
    expect(changed?.state).toEqual({ from: 'open', to: 'agreed' });
    expect(changed?.texts.en).toContainEqual({ op: 'removed', text: '60' });
    expect(changed?.texts.uk).toEqual([{ op: 'added', text: 'Відведення.' }]);
    expect(diff.clauses[3]?.number).toEqual({ from: 3, to: null });
  });

  it('[TXT5] the glossary and the authentic language are compared too, in either direction', () => {
    const one = version(
      1,
      [],
      [{ termId: asId<TermId>('t'), term: texts('lines'), definition: texts('Positions.'), state: 'open' }],
    );
    const two = {
      ...version(
        2,
        [],
        [
          {
            termId: asId<TermId>('t'),
            term: texts('lines'),
            definition: texts('Positions of 1 May.'),
            state: 'agreed' as const,
          },
        ],
      ),
      authenticLanguage: 'uk' as const,
    };
    const diff = diffVersions(two, one);
    expect(diff).toMatchObject({ from: 2, to: 1, authenticLanguage: { from: 'uk', to: 'en' } });
    expect(diff.glossary[0]).toMatchObject({ change: 'changed', state: { from: 'agreed', to: 'open' } });
  });
});
