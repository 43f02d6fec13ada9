import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../../../shared/src/model.js';
import type { ClauseDiff, DiffPart, TermDiff, VersionDiff } from '../../agreement/agreement-model.js';
import { StateBadge } from './StateBadge.js';
import { sameJson } from '../../../../../shared/src/same-json.js';

/** What changed between two versions, clause by clause and language by language, word by word. */
export function VersionDiffView({ diff }: { diff: VersionDiff }) {
  const { t } = useTranslation();
  const [showUnchanged, setShowUnchanged] = useState(false);
  const clauses = diff.clauses.filter((c) => showUnchanged || c.change !== 'unchanged');
  const terms = diff.glossary.filter((g) => showUnchanged || g.change !== 'unchanged');
  const unchanged = diff.clauses.filter((c) => c.change === 'unchanged').length;
  return (
    <div
      className="version-diff"
      data-testid="version-diff"
      aria-label={t('agreementConsole.diff.label', { from: diff.from, to: diff.to })}
      role="region"
    >
      <p className="version-diff__legend">
        {t('agreementConsole.diff.legend')}{' '}
        <del className="diff-removed">{t('agreementConsole.diff.removed')}</del>{' '}
        <ins className="diff-added">{t('agreementConsole.diff.added')}</ins>
      </p>
      {diff.authenticLanguage.from !== diff.authenticLanguage.to && (
        <p className="notice">
          {t('agreementConsole.diff.authentic', {
            from: t(`agreementConsole.languages.${diff.authenticLanguage.from}`),
            to: t(`agreementConsole.languages.${diff.authenticLanguage.to}`),
          })}
        </p>
      )}
      {clauses.length === 0 && terms.length === 0 && (
        <p className="field__help">{t('agreementConsole.diff.nothing')}</p>
      )}
      {clauses.map((clause) => (
        <ClauseChange key={clause.clauseId} clause={clause} />
      ))}
      {terms.map((term) => (
        <TermChange key={term.termId} term={term} />
      ))}
      {unchanged > 0 && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showUnchanged}
            onChange={(e) => setShowUnchanged(e.target.checked)}
          />{' '}
          {t('agreementConsole.diff.showUnchanged', { count: unchanged })}
        </label>
      )}
    </div>
  );
}

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.op === 'same' ? (
          <span key={index}>{part.text}</span>
        ) : part.op === 'removed' ? (
          <del key={index} className="diff-removed">
            {part.text}
          </del>
        ) : (
          <ins key={index} className="diff-added">
            {part.text}
          </ins>
        ),
      )}
    </>
  );
}

function LanguageParts({ texts }: { texts: Record<Language, DiffPart[]> }) {
  const { t } = useTranslation();
  const present = LANGUAGES.filter((language) => texts[language].length > 0);
  return (
    <div className="texts-side">
      {present.map((language) => (
        <div key={language} className="texts-side__column" lang={language} data-language={language}>
          <div className="texts-side__language">{t(`agreementConsole.languages.${language}`)}</div>
          <p className="texts-side__text">
            <Parts parts={texts[language]} />
          </p>
        </div>
      ))}
    </div>
  );
}

function ClauseChange({ clause }: { clause: ClauseDiff }) {
  const { t } = useTranslation();
  const number = clause.number.to ?? clause.number.from ?? 0;
  const { from, to } = clause.state;
  const shown = to ?? from;
  return (
    <article
      className={`diff-item diff-item--${clause.change}`}
      aria-label={t('agreementConsole.clause.number', { number })}
      data-testid={`diff-clause-${number}`}
      data-change={clause.change}
    >
      <header className="card__header">
        <h4 className="card__title">{t('agreementConsole.clause.number', { number })}</h4>
        <span className="badge">{t(`agreementConsole.diff.change.${clause.change}`)}</span>
        {from && to && from !== to ? (
          <span className="diff-item__state">
            <StateBadge state={from} /> → <StateBadge state={to} />
          </span>
        ) : (
          shown && <StateBadge state={shown} />
        )}
      </header>
      <LanguageParts texts={clause.texts} />
      {clause.alternatives && !sameJson(clause.alternatives.from, clause.alternatives.to) && (
        <div className="diff-item__alternatives">
          <p>
            {t('agreementConsole.diff.alternativesFrom', {
              labels: clause.alternatives.from.map((a) => a.label).join(', ') || '—',
            })}
          </p>
          <p>
            {t('agreementConsole.diff.alternativesTo', {
              labels: clause.alternatives.to.map((a) => a.label).join(', ') || '—',
            })}
          </p>
        </div>
      )}
    </article>
  );
}

function TermChange({ term }: { term: TermDiff }) {
  const { t } = useTranslation();
  return (
    <article
      className={`diff-item diff-item--${term.change}`}
      data-testid="diff-term"
      data-change={term.change}
    >
      <header className="card__header">
        <h4 className="card__title">{t('agreementConsole.diff.term')}</h4>
        <span className="badge">{t(`agreementConsole.diff.change.${term.change}`)}</span>
        {term.state.to && <StateBadge state={term.state.to} />}
      </header>
      <LanguageParts texts={term.term} />
      <LanguageParts texts={term.definition} />
    </article>
  );
}
