import type { TermSnapshot } from '../../../../../shared/src/events.js';
import type { Language } from '../../../../../shared/src/model.js';
import { highlightTerms } from './glossary-highlight.js';

/**
 * A wording with the glossary's terms marked: each one an <abbr> whose title is the
 * definition (in the same language, else in the authentic one), and which can be
 * focused so keyboard users see it too.
 */
export function GlossaryText({
  text,
  language,
  glossary,
  authentic,
}: {
  text: string;
  language: Language;
  glossary: readonly Pick<TermSnapshot, 'term' | 'definition'>[];
  authentic: Language;
}) {
  const entries = glossary.map((entry) => ({
    term: entry.term[language],
    definition: entry.definition[language] || entry.definition[authentic],
  }));
  return (
    <>
      {highlightTerms(text, entries).map((piece, index) =>
        piece.kind === 'text' ? (
          piece.text
        ) : (
          <abbr
            key={index}
            className="glossary-term"
            title={piece.definition}
            data-definition={piece.definition}
            data-testid="glossary-term"
            tabIndex={0}
          >
            {piece.text}
          </abbr>
        ),
      )}
    </>
  );
}
