import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { earlyStatus, type AgendaItemEntry } from '../../agreement/agreement-model.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { When } from '../../../components/When.js';
import type { AgreementBlock } from './agreement-gate.js';
import { AgreementStatusLine } from './AgreementStatusLine.js';

/** Proposing that one item bind on its own ([PKG4]), and each head's consent. */
export function EarlyImplementation({ item, block }: { item: AgendaItemEntry; block: AgreementBlock }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand({ onSuccess: () => setConfirming(false) });
  const [confirming, setConfirming] = useState(false);
  const status = earlyStatus(view.agreement, item.itemId);

  if (!status || status.proposedAt === null) {
    if (block !== null) return null;
    const propose = async () => {
      await handle.run({ type: 'item.proposeEarly', payload: { itemId: item.itemId } });
    };
    return (
      <div className="early" data-testid={`early-${item.number}`}>
        {!confirming ? (
          <button type="button" className="button button--small" onClick={() => setConfirming(true)}>
            {t('agreementConsole.early.propose')}
          </button>
        ) : (
          <span className="confirm-inline" role="group" aria-label={t('agreementConsole.early.confirmLabel')}>
            <span>{t('agreementConsole.early.confirmQuestion', { title: item.title })}</span>{' '}
            <button
              type="button"
              className="button button--primary"
              disabled={handle.status.state === 'pending'}
              onClick={() => void propose()}
            >
              {t('agreementConsole.early.confirm')}
            </button>{' '}
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </span>
        )}
        <AgreementStatusLine handle={handle} />
      </div>
    );
  }

  const consented = new Map(status.consents.map((c) => [c.partyId, c.at]));
  return (
    <div className="early" data-testid={`early-${item.number}`}>
      <h4 className="early__title">
        {status.implemented ? t('agreementConsole.early.implemented') : t('agreementConsole.early.proposed')}
        {status.implemented && (
          <>
            {' '}
            <When at={status.implemented.at} />
          </>
        )}
      </h4>
      <ul className="early__consents" aria-label={t('agreementConsole.early.consents')}>
        {view.agreement.parties.map((party) => {
          const at = consented.get(party.id);
          return (
            <li key={party.id} data-consented={at ? 'yes' : 'no'}>
              <span className="early__party">{party.name}</span>{' '}
              {at ? (
                <span className="badge badge--yes">{t('agreementConsole.early.consented')}</span>
              ) : (
                <span className="badge badge--muted">{t('agreementConsole.early.waiting')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
