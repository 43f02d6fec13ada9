import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { itemsOfClause, latestVersion, type ClauseEntry } from '../../agreement/agreement-model.js';
import { useTalks } from '../../../components/talks-context.js';
import type { AgreementGate } from './agreement-gate.js';
import { ClauseComments } from './ClauseComments.js';
import { ClauseEditor } from './ClauseEditor.js';
import { ClauseStateControl } from './ClauseStateControl.js';
import { StateBadge } from './StateBadge.js';
import { TextsSideBySide } from './TextsSideBySide.js';

/** One clause of the working draft: its wordings side by side, its state, and what the parties said. */
export function ClauseCard({ clause, gate }: { clause: ClauseEntry; gate: AgreementGate }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const [redrafting, setRedrafting] = useState(false);
  const items = itemsOfClause(model, clause);
  const latest = latestVersion(model);
  const inLatest = latest?.clauses.some((c) => c.clauseId === clause.clauseId) ?? false;
  const label = t('agreementConsole.clause.number', { number: clause.number });
  return (
    <article className="card card--clause" aria-label={label} data-testid={`clause-${clause.number}`}>
      <header className="card__header">
        <h3 className="card__title">{label}</h3>
        <StateBadge state={clause.state} />
        {items.map((item) => (
          <span key={item.itemId} className="badge badge--item">
            {t('agreementConsole.agenda.itemLabel', { number: item.number, title: item.title })}
          </span>
        ))}
        {gate.text === null && !redrafting && (
          <button type="button" className="button button--small" onClick={() => setRedrafting(true)}>
            {t('agreementConsole.clause.redraft')}
          </button>
        )}
      </header>
      {redrafting ? (
        <ClauseEditor clause={clause} onDone={() => setRedrafting(false)} />
      ) : (
        <>
          <TextsSideBySide
            texts={clause.texts}
            authentic={model.authenticLanguage}
            label={t('agreementConsole.clause.wording', { number: clause.number })}
          />
          {clause.alternatives.length > 0 && (
            <div className="alternatives" data-testid={`clause-${clause.number}-alternatives`}>
              <h4 className="alternatives__title">{t('agreementConsole.clause.bracketed')}</h4>
              {clause.alternatives.map((alternative) => (
                <div key={alternative.label} className="alternative">
                  <span className="alternative__label">[{alternative.label}]</span>
                  <TextsSideBySide
                    texts={alternative.texts}
                    authentic={model.authenticLanguage}
                    label={t('agreementConsole.clause.alternative', {
                      number: clause.number,
                      label: alternative.label,
                    })}
                  />
                </div>
              ))}
            </div>
          )}
          {clause.chosen && clause.alternatives.length === 0 && (
            <p className="field__help">{t('agreementConsole.clause.chosen', { label: clause.chosen })}</p>
          )}
          {gate.text === null && <ClauseStateControl clause={clause} />}
        </>
      )}
      {latest && inLatest ? (
        <ClauseComments clauseId={clause.clauseId} version={latest.version} />
      ) : (
        <p className="field__help">{t('agreementConsole.clause.notShared')}</p>
      )}
    </article>
  );
}
