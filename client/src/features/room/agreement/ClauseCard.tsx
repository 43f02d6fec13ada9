import { useTranslation } from 'react-i18next';
import type { ClauseSnapshot } from '../../../../../shared/src/events.js';
import type { PartyId } from '../../../../../shared/src/ids.js';
import { useTalks } from '../../../components/talks-context.js';
import { itemsOfClause, type SharedVersionEntry } from '../../agreement/agreement-model.js';
import { ClauseComments } from './ClauseComments.js';
import { ClauseMark } from './ClauseMark.js';
import { LanguageColumns } from './LanguageColumns.js';
import { weObject } from './party-agreement.js';

/** One clause of a shared version: its wording in every language, its bracketed alternatives, our mark and comments. */
export function ClauseCard({
  clause,
  version,
  current,
  partyId,
}: {
  clause: ClauseSnapshot;
  version: SharedVersionEntry;
  /** The latest version: the only one that can be marked. */
  current: boolean;
  partyId: PartyId;
}) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  const items = itemsOfClause(model, clause);
  const objecting = weObject(model, version.version, clause.clauseId, partyId);
  const label = t('agreementRoom.clause.label', { number: clause.number });
  return (
    <article
      className={`card clause clause--${clause.state}`}
      aria-label={label}
      data-testid={`clause-${clause.number}`}
      data-clause-id={clause.clauseId}
    >
      <header className="card__header clause__header">
        <h4 className="clause__title">{label}</h4>
        <span className={`badge badge--clause-${clause.state}`} data-testid="clause-state">
          {t(`agreementRoom.clauseState.${clause.state}`)}
        </span>
        {objecting && (
          <span className="badge badge--objects">{t('agreementRoom.comments.weObjectBadge')}</span>
        )}
        {items.length > 0 && (
          <span className="clause__items">
            {t('agreementRoom.clause.items', {
              items: items.map((item) => `${item.number}. ${item.title}`).join('; '),
            })}
          </span>
        )}
      </header>
      <LanguageColumns
        texts={clause.texts}
        authentic={version.authenticLanguage}
        glossary={version.glossary}
        label={t('agreementRoom.clause.languages', { number: clause.number })}
      />
      {clause.alternatives.length > 0 && (
        <div className="clause__alternatives">
          <p className="clause__alternatives-title">{t('agreementRoom.clause.alternatives')}</p>
          <ol className="stack">
            {clause.alternatives.map((alternative) => (
              <li key={alternative.label} data-testid="clause-alternative">
                <p className="clause__alternative-label">
                  {t('agreementRoom.clause.alternative', { label: alternative.label })}
                </p>
                <LanguageColumns
                  texts={alternative.texts}
                  authentic={version.authenticLanguage}
                  glossary={version.glossary}
                  label={t('agreementRoom.clause.alternativeLanguages', {
                    number: clause.number,
                    label: alternative.label,
                  })}
                />
              </li>
            ))}
          </ol>
        </div>
      )}
      {current && (
        <ClauseMark
          version={version.version}
          clauseId={clause.clauseId}
          clauseNumber={clause.number}
          partyId={partyId}
        />
      )}
      {/* Keyed by version: a draft or "sent" line belongs to the version it was written on. */}
      <ClauseComments
        key={version.version}
        version={version.version}
        clauseId={clause.clauseId}
        clauseNumber={clause.number}
        partyId={partyId}
      />
    </article>
  );
}
