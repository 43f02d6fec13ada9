import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../shared/src/ids.js';
import { conveyancesFrom, partyName } from '../../api/selectors.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { When } from '../../components/When.js';

/** Exactly what the mediator passed on from us, to whom and when: nothing travels unseen. */
export function ConveyedOnOurBehalf({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const conveyed = conveyancesFrom(view, partyId).reverse();
  if (conveyed.length === 0) return <EmptyState>{t('behalf.empty')}</EmptyState>;
  return (
    <ol className="stack" aria-label={t('behalf.title')}>
      {conveyed.map((conveyance) => {
        const source = conveyance.submissionId
          ? view.submissions[conveyance.submissionId]?.text
          : conveyance.responseId
            ? view.responses[conveyance.responseId]?.text
            : undefined;
        return (
          <li key={conveyance.conveyanceId} className="card card--behalf">
            <div className="card__meta">
              <span className="card__kind">
                {t('behalf.to', { party: partyName(view, conveyance.toPartyId) })}
              </span>{' '}
              <When at={conveyance.at} />
            </div>
            <blockquote className="quote">{conveyance.text}</blockquote>
            {source !== undefined && (
              <p className="card__context">
                {source === conveyance.text ? t('behalf.wordForWord') : t('behalf.fromYour')} <q>{source}</q>
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
