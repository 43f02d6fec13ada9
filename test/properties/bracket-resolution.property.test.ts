import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, resolveWording, type Language, type LanguageTexts } from '../../shared/src/index.js';
import { talks } from '../support/domain.js';

// Issue 15, item 4: choosing a bracketed wording replaced the whole clause. The class:
// over generated clauses (any wording, the brackets anywhere or nowhere, several
// alternatives in three languages), resolving keeps every character outside the
// resolved brackets, in the domain ([TXT2]) and in the function the console shows the
// result with (shared/src/brackets.ts).

const words = fc.string({ unit: fc.constantFrom('a', 'я', 'ї', ' ', ',', '.', ':', '\n', '(', ')'), maxLength: 40 });
const noBrackets = words; // the units hold no square bracket
const anyText = fc.string({ unit: fc.constantFrom('x', 'щ', ' ', '[', ']', '.'), maxLength: 20 });

/** One language's wording: the part before the brackets, the brackets, and the rest (anything). */
const wording = fc.record({
  before: noBrackets,
  inside: fc.option(noBrackets, { nil: undefined }),
  after: anyText,
});
type Wording = { before: string; inside: string | undefined; after: string };
const textOf = (w: Wording): string =>
  w.inside === undefined ? w.before : `${w.before}[${w.inside}]${w.after}`;

const clause = fc.record({
  wordings: fc.record({ en: wording, uk: wording, ru: wording }),
  alternatives: fc.array(fc.record({ en: words, uk: words, ru: words }), { minLength: 2, maxLength: 6 }),
  pick: fc.nat(),
});

/** What resolving must give: the parts outside the brackets, untouched, around the choice. */
function expected(w: Wording, chosen: string): { starts: string; ends: string } {
  if (w.inside === undefined) return { starts: w.before, ends: chosen };
  return { starts: w.before + chosen, ends: w.after };
}

describe('[TXT2] resolving brackets keeps every character outside them', () => {
  it('[TXT2] the shared function replaces the first bracketed span only', () => {
    fc.assert(
      fc.property(wording, words, (w, chosen) => {
        const text = textOf(w);
        const result = resolveWording(text, chosen);
        const { starts, ends } = expected(w, chosen);
        expect(result.startsWith(starts)).toBe(true);
        expect(result.endsWith(ends)).toBe(true);
        if (w.inside !== undefined) expect(result).toBe(w.before + chosen + w.after);
        else expect(result.length - text.length - chosen.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('[TXT2] the domain records the clause with the choice in the brackets’ place, in every language', () => {
    fc.assert(
      fc.property(clause, ({ wordings, alternatives, pick }) => {
        const texts = Object.fromEntries(
          LANGUAGES.map((l) => [l, textOf(wordings[l]).trim()]),
        ) as LanguageTexts;
        const alts = alternatives.map((a, index) => ({
          label: `L${index}`,
          texts: { en: a.en.trim(), uk: a.uk.trim(), ru: a.ru.trim() },
        }));
        fc.pre(LANGUAGES.some((l) => texts[l] !== ''));
        const s = talks().withEveryone().inPhase('pre-negotiation');
        const clauseId = String(
          s.run({ type: 'text.draftClause', payload: { agendaItemIds: [], texts, alternatives: alts } }, 'lead')
            .result.clauseId,
        );
        const chosen = alts[pick % alts.length]!;
        const event = s.when(
          { type: 'text.setClauseState', payload: { clauseId, state: 'open', alternative: chosen.label } },
          'co',
        ).events[0];
        const resolved = (event?.payload as { texts: LanguageTexts }).texts;
        for (const language of LANGUAGES as readonly Language[]) {
          const before = texts[language];
          const choice = chosen.texts[language];
          const result = resolved[language];
          const open = before.indexOf('[');
          const close = open < 0 ? -1 : before.indexOf(']', open);
          if (close >= 0) {
            expect(result).toBe(before.slice(0, open) + choice + before.slice(close + 1));
          } else {
            expect(result.startsWith(before)).toBe(true);
            expect(result.endsWith(choice)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
