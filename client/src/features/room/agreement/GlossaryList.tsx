import { useTranslation } from 'react-i18next';
import type { SharedVersion, TermSnapshot } from '../../../../../shared/src/events.js';
import { LANGUAGES } from '../../../../../shared/src/model.js';

/** A term's first wording, in the authentic language if it has one. */
export const termName = (term: TermSnapshot, authentic: SharedVersion['authenticLanguage']): string =>
  term.term[authentic] || (LANGUAGES.map((language) => term.term[language]).find((words) => words) ?? '');

/** The glossary of a version ([LNG2]): each term and its definition in every language, side by side. */
export function GlossaryList({
  version,
}: {
  version: Pick<SharedVersion, 'glossary' | 'authenticLanguage'>;
}) {
  const { t } = useTranslation();
  const authentic = version.authenticLanguage;
  return (
    <section className="glossary" aria-label={t('agreementRoom.glossary.title')} data-testid="glossary">
      <h4 className="glossary__title">{t('agreementRoom.glossary.title')}</h4>
      {version.glossary.length === 0 ? (
        <p className="field__help">{t('agreementRoom.glossary.empty')}</p>
      ) : (
        <ol className="stack">
          {version.glossary.map((term) => {
            const name = termName(term, authentic);
            return (
              <li key={term.termId} className="card glossary__term" data-testid="glossary-entry">
                <p className="card__meta">
                  <strong>{name}</strong>{' '}
                  <span className={`badge badge--clause-${term.state}`}>
                    {t(`agreementRoom.clauseState.${term.state}`)}
                  </span>
                </p>
                <div
                  className="languages"
                  role="group"
                  aria-label={t('agreementRoom.glossary.termLabel', { term: name })}
                >
                  {LANGUAGES.map((language) => (
                    <div
                      key={language}
                      className={`languages__column${language === authentic ? ' languages__column--authentic' : ''}`}
                    >
                      <p className="languages__head">
                        <span className="languages__name">{t(`agreementRoom.languages.${language}`)}</span>{' '}
                        {language !== authentic && (
                          <span className="badge badge--not-authentic">
                            {t('agreementRoom.text.notAuthentic')}
                          </span>
                        )}
                      </p>
                      {term.term[language] || term.definition[language] ? (
                        <p lang={language}>
                          <dfn className="glossary__word">{term.term[language]}</dfn>
                          {term.term[language] && term.definition[language] ? ': ' : ''}
                          {term.definition[language]}
                        </p>
                      ) : (
                        <p className="languages__missing">{t('agreementRoom.text.notTranslated')}</p>
                      )}
                    </div>
                  ))}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
