import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasUnsharedChanges, latestVersion, workingDraftDiff } from '../../agreement/agreement-model.js';
import { Modal } from '../../../components/Modal.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { AgreementStatusLine } from './AgreementStatusLine.js';

/**
 * Sharing the whole working draft as the next numbered version ([TXT3]): a deliberate act,
 * confirmed in a dialog that says it reaches every delegation at the same moment.
 */
export function ShareVersion() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand({ onSuccess: () => setConfirming(false) });
  const reasonId = useId();
  const [confirming, setConfirming] = useState(false);
  const model = view.agreement;
  const latest = latestVersion(model);
  const next = (latest?.version ?? 0) + 1;
  const reason =
    model.clauses.length === 0
      ? t('agreementConsole.share.noClause')
      : !hasUnsharedChanges(model)
        ? t('agreementConsole.share.nothingChanged', { version: latest?.version ?? 0 })
        : null;
  const diff = workingDraftDiff(model);
  const count = (change: string) => diff.clauses.filter((c) => c.change === change).length;
  const termChanges = diff.glossary.filter((g) => g.change !== 'unchanged').length;
  const parties = model.parties.map((p) => p.name).join(', ');

  const share = async () => {
    await handle.run({ type: 'text.shareVersion', payload: {} });
  };

  return (
    <div className="share-version" data-testid="share-version">
      <button
        type="button"
        className="button button--primary"
        disabled={reason !== null}
        aria-describedby={reason ? reasonId : undefined}
        onClick={() => {
          handle.reset();
          setConfirming(true);
        }}
      >
        {t('agreementConsole.share.button', { version: next })}
      </button>
      {reason && (
        <span className="blocked-reason" id={reasonId}>
          {reason}
        </span>
      )}
      {!confirming && <AgreementStatusLine handle={handle} doneText={t('agreementConsole.share.done')} />}
      {confirming && (
        <Modal
          title={t('agreementConsole.share.title', { version: next })}
          onClose={() => setConfirming(false)}
        >
          <p className="convey__warning" role="note" data-testid="share-warning">
            {t('agreementConsole.share.warning', { version: next, parties })}
          </p>
          <ul className="share-version__summary" aria-label={t('agreementConsole.share.summaryLabel')}>
            <li>{t('agreementConsole.share.clausesAdded', { count: count('added') })}</li>
            <li>{t('agreementConsole.share.clausesChanged', { count: count('changed') })}</li>
            <li>{t('agreementConsole.share.termsChanged', { count: termChanges })}</li>
            <li>
              {t('agreementConsole.share.authentic', {
                language: t(`agreementConsole.languages.${model.authenticLanguage}`),
              })}
            </li>
          </ul>
          <div className="modal__actions">
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={handle.status.state === 'pending'}
              onClick={() => void share()}
            >
              {t('agreementConsole.share.confirm', { version: next })}
            </button>
          </div>
          <AgreementStatusLine handle={handle} />
        </Modal>
      )}
    </div>
  );
}
