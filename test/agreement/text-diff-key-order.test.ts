import { describe, expect, it } from 'vitest';
import { asId, type ClauseId, type SharedVersion, type TermId } from '../../shared/src/index.js';
import { diffVersions } from '../../shared/src/text-diff.js';

// A version received live carries its keys in the order the server built them; the same
// version fetched again from the log (after a reload) carries them sorted, as stored.
// Comparing the two must not report a change (found by test/e2e/agreement.test.ts).

const live: SharedVersion = {
  version: 1,
  authenticLanguage: 'en',
  clauses: [
    {
      clauseId: asId<ClauseId>('c-1'),
      number: 1,
      agendaItemIds: [],
      state: 'bracketed',
      texts: { en: 'The waters are shared.', uk: '', ru: '' },
      alternatives: [{ label: 'A', texts: { en: 'Shared 60/40.', uk: '', ru: '' } }],
    },
  ],
  glossary: [
    {
      termId: asId<TermId>('t-1'),
      term: { en: 'dry year', uk: '', ru: '' },
      definition: { en: 'Less than 60% of the mean flow.', uk: '', ru: '' },
      state: 'open',
    },
  ],
};

/** The same values, every object's keys in sorted order, as the log stores them. */
const sortedKeys = <T>(value: T): T =>
  Array.isArray(value)
    ? (value.map(sortedKeys) as T)
    : typeof value === 'object' && value !== null
      ? (Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, inner]) => [key, sortedKeys(inner)]),
        ) as T)
      : value;

describe('[TXT5] comparing versions does not depend on the order of keys', () => {
  it('[TXT5] a version fetched from the log equals the same version received live', () => {
    const fetched = sortedKeys({ ...live, version: 2 });
    expect(JSON.stringify(fetched.clauses[0])).not.toBe(JSON.stringify(live.clauses[0]));
    for (const diff of [diffVersions(live, fetched), diffVersions(fetched, live)]) {
      expect(diff.clauses.map((clause) => clause.change)).toEqual(['unchanged']);
      expect(diff.glossary.map((term) => term.change)).toEqual(['unchanged']);
    }
  });

  it('[TXT5] a real change is still a change, whatever the order of keys', () => {
    const fetched = sortedKeys(live);
    const changed: SharedVersion = {
      ...live,
      version: 2,
      clauses: live.clauses.map((clause) => ({ ...clause, state: 'agreed' as const })),
    };
    expect(diffVersions(fetched, changed).clauses.map((clause) => clause.change)).toEqual(['changed']);
  });
});
