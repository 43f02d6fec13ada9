import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../../../shared/src/model.js';
import type { DiffPart, VersionDiff } from '../../agreement/agreement-model.js';

/** Word-level changes: what was removed struck through, what was added underlined. */
function DiffParts({ parts }: { parts: DiffPart[] }) {
  const { t } = useTranslation();
  if (parts.length === 0)
    return <span className="languages__missing">{t('agreementRoom.text.notTranslated')}</span>;
  return (
    <>
      {parts.map((part, index) =>
        part.op === 'same' ? (
          <span key={index}>{part.text}</span>
        ) : part.op === 'added' ? (
          <ins key={index} className="diff diff--added">
            {part.text}
          </ins>
        ) : (
          <del key={index} className="diff diff--removed">
            {part.text}
          </del>
        ),
      )}
    </>
  );
}

function DiffColumns({ texts, label }: { texts: Record<Language, DiffPart[]>; label: string }) {
  const { t } = useTranslation();
  return (
    <div className="languages" role="group" aria-label={label}>
      {LANGUAGES.map((language) => (
        <div key={language} className="languages__column" data-testid={`diff-${language}`}>
          <p className="languages__head">
            <span className="languages__name">{t(`agreementRoom.languages.${language}`)}</span>
          </p>
          <p className="languages__text" lang={language}>
            <DiffParts parts={texts[language]} />
          </p>
        </div>
      ))}
    </div>
  );
}

/** What changed between two shared versions, clause by clause and term by term ([TXT5]). */
export function DiffView({ diff }: { diff: VersionDiff }) {
  const { t } = useTranslation();
  const changed = diff.clauses.filter((clause) => clause.change !== 'unchanged');
  const unchanged = diff.clauses.length - changed.length;
  const terms = diff.glossary.filter((term) => term.change !== 'unchanged');
  const title = t('agreementRoom.diff.title', { from: diff.from, to: diff.to });
  return (
    <section className="version-diff" aria-label={title} data-testid="version-diff">
      <h4 className="version-diff__title">{title}</h4>
      {diff.authenticLanguage.from !== diff.authenticLanguage.to && (
        <p className="notice">
          {t('agreementRoom.diff.authentic', {
            from: t(`agreementRoom.languages.${diff.authenticLanguage.from}`),
            to: t(`agreementRoom.languages.${diff.authenticLanguage.to}`),
          })}
        </p>
      )}
      {changed.length === 0 && terms.length === 0 && <p>{t('agreementRoom.diff.nothing')}</p>}
      <ol className="stack">
        {changed.map((clause) => {
          const number = clause.number.to ?? clause.number.from ?? 0;
          return (
            <li
              key={clause.clauseId}
              className={`card version-diff__clause version-diff__clause--${clause.change}`}
              data-testid="diff-clause"
              data-change={clause.change}
            >
              <p className="card__meta">
                <strong>{t('agreementRoom.clause.label', { number })}</strong>{' '}
                <span className="badge">{t(`agreementRoom.diff.change.${clause.change}`)}</span>{' '}
                {clause.state.from !== clause.state.to && clause.state.from && clause.state.to && (
                  <span>
                    {t('agreementRoom.diff.state', {
                      from: t(`agreementRoom.clauseState.${clause.state.from}`),
                      to: t(`agreementRoom.clauseState.${clause.state.to}`),
                    })}
                  </span>
                )}
              </p>
              <DiffColumns texts={clause.texts} label={t('agreementRoom.clause.languages', { number })} />
            </li>
          );
        })}
        {terms.map((term) => (
          <li
            key={term.termId}
            className="card version-diff__term"
            data-testid="diff-term"
            data-change={term.change}
          >
            <p className="card__meta">
              <strong>{t('agreementRoom.diff.term')}</strong>{' '}
              <span className="badge">{t(`agreementRoom.diff.change.${term.change}`)}</span>
            </p>
            <DiffColumns texts={term.term} label={t('agreementRoom.diff.term')} />
            <DiffColumns texts={term.definition} label={t('agreementRoom.diff.definition')} />
          </li>
        ))}
      </ol>
      {unchanged > 0 && <p className="field__help">{t('agreementRoom.diff.unchanged', { n: unchanged })}</p>}
    </section>
  );
}
