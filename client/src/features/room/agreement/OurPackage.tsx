import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../../shared/src/ids.js';
import { CommandStatusLine } from '../../../components/CommandStatusLine.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { clauseNumbers, ourPackage, packagePhase } from './party-agreement.js';

/**
 * Where this party stands on the current version ([PKG1]–[PKG3]): only its own marks
 * and acceptance (another party's never reach this room). The head accepts the whole
 * package: nothing is agreed until everything is agreed.
 */
export function OurPackage({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const handle = useCommand({ onSuccess: () => setConfirming(false) });
  const [confirming, setConfirming] = useState(false);
  const notReadyId = useId();
  const ours = ourPackage(view.agreement, partyId);
  if (!ours) return <EmptyState>{t('agreementRoom.package.none')}</EmptyState>;
  const { version, clausesNotAgreed, termsNotAgreed, notLivedWith, livedWith, accepted, agreed } = ours;
  const v = version.version;
  const inPhase = packagePhase(view.talks?.phase);
  const canAccept = me.role === 'head' && inPhase && !accepted && !agreed && view.agreement.agreed === null;

  const accept = async () => {
    await handle.run({ type: 'package.accept', payload: { version: v } });
  };

  return (
    <div className="our-package" data-testid="our-package" data-version={v}>
      <p className="our-package__rule">{t('agreementRoom.package.rule')}</p>
      <p>
        <strong>{t('agreementRoom.package.of', { version: v })}</strong>
      </p>
      <ul className="checklist">
        <li
          className={clausesNotAgreed.length === 0 ? 'checklist__done' : ''}
          data-testid="package-clauses-agreed"
        >
          {clausesNotAgreed.length === 0
            ? t('agreementRoom.package.clausesAgreed')
            : t('agreementRoom.package.clausesNotAgreed', { numbers: clauseNumbers(clausesNotAgreed) })}
        </li>
        <li className={termsNotAgreed === 0 ? 'checklist__done' : ''} data-testid="package-terms-agreed">
          {termsNotAgreed === 0
            ? t('agreementRoom.package.termsAgreed')
            : t('agreementRoom.package.termsNotAgreed', { n: termsNotAgreed })}
        </li>
        <li className={notLivedWith.length === 0 ? 'checklist__done' : ''} data-testid="package-lived-with">
          {t('agreementRoom.package.livedWith', { n: livedWith, total: version.clauses.length })}
          {notLivedWith.length > 0 &&
            ` ${t('agreementRoom.package.stillToMark', { numbers: clauseNumbers(notLivedWith) })}`}
        </li>
        <li
          className={accepted ? 'checklist__done' : ''}
          data-testid="package-accepted"
          data-accepted={accepted}
        >
          {accepted
            ? t('agreementRoom.package.accepted', { version: v })
            : t('agreementRoom.package.notAccepted')}
        </li>
      </ul>
      {agreed && (
        <p className="notice" data-testid="package-agreed">
          {t('agreementRoom.package.agreed', { version: v })}
        </p>
      )}
      {accepted && !agreed && <p className="field__help">{t('agreementRoom.package.waitingForOthers')}</p>}
      {canAccept &&
        (!confirming ? (
          <div className="card__actions">
            <button
              type="button"
              className="button button--primary"
              disabled={!ours.readyToAccept}
              aria-describedby={ours.readyToAccept ? undefined : notReadyId}
              data-testid="package-accept"
              onClick={() => setConfirming(true)}
            >
              {t('agreementRoom.package.accept', { version: v })}
            </button>
            {!ours.readyToAccept && (
              <p className="field__help" id={notReadyId}>
                {t('agreementRoom.package.notReady')}
              </p>
            )}
          </div>
        ) : (
          <div className="confirm-inline" role="group" aria-label={t('agreementRoom.package.confirmLabel')}>
            <span>{t('agreementRoom.package.confirmQuestion', { version: v })}</span>
            <button
              type="button"
              className="button button--primary"
              disabled={handle.status.state === 'pending'}
              data-testid="package-accept-confirm"
              onClick={() => void accept()}
            >
              {t('agreementRoom.package.confirm', { version: v })}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        ))}
      <CommandStatusLine handle={handle} />
      {me.role === 'head' && !inPhase && !agreed && (
        <p className="field__help">{t('agreementRoom.package.phase')}</p>
      )}
      {me.role === 'delegate' && !agreed && (
        <p className="field__help">{t('agreementRoom.package.headOnly')}</p>
      )}
    </div>
  );
}
