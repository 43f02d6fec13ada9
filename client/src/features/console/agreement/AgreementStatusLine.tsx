import { useTranslation } from 'react-i18next';
import { isRetryable, type CommandHandle } from '../../../components/use-command.js';
import { useErrorText } from '../../../components/use-error-text.js';

// The agreement's refusals name exactly what is missing ("Resolve the brackets first:
// choose one of the wordings (A, B)."), so for those the server's own words are shown,
// after a plain sentence in the reader's language. Other failures read as elsewhere.
const EXPLAINED = new Set(['CONFLICT', 'INVALID_INPUT']);

export function AgreementStatusLine({ handle, doneText }: { handle: CommandHandle; doneText?: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { status } = handle;
  if (status.state === 'idle') return <div className="command-status" role="status" aria-live="polite" />;
  return (
    <div className={`command-status command-status--${status.state}`} role="status" aria-live="polite">
      {status.state === 'pending' && !status.waiting && <span>{t('command.pending')}</span>}
      {status.state === 'pending' && status.waiting && (
        <span className="command-status__waiting" data-testid="waiting-for-server">
          {t(`outage.${status.waiting}`)}
        </span>
      )}
      {status.state === 'done' && <span>{doneText ?? t('command.done')}</span>}
      {status.state === 'failed' && (
        <>
          <span data-testid="agreement-error">
            {EXPLAINED.has(status.code)
              ? t('agreementConsole.refused', { message: status.message })
              : t('command.failed', { reason: errorText(status.code, status.message) })}
          </span>
          {isRetryable(status.code) && (
            <>
              {' '}
              <button type="button" className="button button--small" onClick={() => void handle.retry()}>
                {t('command.retry')}
              </button>
            </>
          )}
        </>
      )}
    </div>
  );
}

/**
 * The end of every agreement form: an optional Cancel, the submit button (disabled while
 * something stands in the way or the command is on its way), why it is disabled, and
 * the command's status.
 */
export function FormActions({
  handle,
  submitLabel,
  canSubmit,
  reason,
  primary = false,
  onCancel,
  doneText,
}: {
  handle: CommandHandle;
  submitLabel: string;
  canSubmit: boolean;
  /** Why the form cannot be sent, in words; shown beside the disabled button. */
  reason?: string | null;
  primary?: boolean;
  onCancel?: () => void;
  doneText?: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="agreement-form__actions">
      {onCancel && (
        <button type="button" className="button button--quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
      <button
        type="submit"
        className={primary ? 'button button--primary' : 'button'}
        disabled={!canSubmit || handle.status.state === 'pending'}
      >
        {submitLabel}
      </button>
      {reason && <span className="blocked-reason">{reason}</span>}
      <AgreementStatusLine handle={handle} {...(doneText !== undefined ? { doneText } : {})} />
    </div>
  );
}
