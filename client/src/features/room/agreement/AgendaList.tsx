import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../../shared/src/ids.js';
import { CommandStatusLine } from '../../../components/CommandStatusLine.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { When } from '../../../components/When.js';
import { earlyStatus, type AgendaItemEntry } from '../../agreement/agreement-model.js';
import { textPhase } from './party-agreement.js';

/** The agenda as every delegation reads it ([AG1]), with any item proposed for early implementation. */
export function AgendaList({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const agenda = view.agreement.agenda;
  if (agenda.length === 0) return <EmptyState>{t('agreementRoom.agenda.empty')}</EmptyState>;
  return (
    <ol className="stack agenda" aria-label={t('agreementRoom.agenda.title')}>
      {agenda.map((item) => (
        <li key={item.itemId}>
          <AgendaItemCard item={item} partyId={partyId} />
        </li>
      ))}
    </ol>
  );
}

function AgendaItemCard({ item, partyId }: { item: AgendaItemEntry; partyId: PartyId }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const handle = useCommand();
  const early = earlyStatus(view.agreement, item.itemId);
  const consented = early?.consents.some((consent) => consent.partyId === partyId) ?? false;
  const canConsent =
    me.role === 'head' && early !== null && early.proposedAt !== null && !early.implemented && !consented;
  const open = textPhase(view.talks?.phase);
  return (
    <article
      className="card agenda__item"
      aria-label={t('agreementRoom.agenda.itemLabel', { number: item.number, title: item.title })}
      data-testid={`agenda-item-${item.number}`}
    >
      <p className="agenda__title">
        <strong>
          {item.number}. {item.title}
        </strong>
      </p>
      {item.description && <p className="card__text">{item.description}</p>}
      {early?.implemented && (
        <p className="agenda__early" data-testid="early-implemented">
          <span className="badge badge--implemented">{t('agreementRoom.early.implemented')}</span>{' '}
          <When at={early.implemented.at} />
        </p>
      )}
      {early && !early.implemented && early.proposedAt && (
        <div className="agenda__early" data-testid="early-proposed">
          <p>
            <span className="badge badge--proposed">{t('agreementRoom.early.proposed')}</span>{' '}
            {t('agreementRoom.early.explain')}
          </p>
          <p data-testid="early-consent-state">
            {consented ? t('agreementRoom.early.weConsented') : t('agreementRoom.early.waitingForUs')}
          </p>
          {canConsent && (
            <div className="card__actions">
              <button
                type="button"
                className="button button--primary"
                disabled={!open || handle.status.state === 'pending'}
                data-testid="early-consent"
                onClick={() =>
                  void handle.run({ type: 'item.consentEarly', payload: { itemId: item.itemId } })
                }
              >
                {t('agreementRoom.early.consent')}
              </button>
              <CommandStatusLine handle={handle} />
            </div>
          )}
          {me.role === 'delegate' && !consented && (
            <p className="field__help">{t('agreementRoom.early.headOnly')}</p>
          )}
        </div>
      )}
    </article>
  );
}
