import { useTranslation } from 'react-i18next';
import { isRetryable, type CommandHandle } from './use-command.js';
import { useErrorText } from './use-error-text.js';

/**
 * Says what became of the last command: sending, waiting for the server (it is sent again
 * by itself), done, or failed, with a retry (same commandId) only when retrying can help.
 */
export function CommandStatusLine({
  handle,
  doneText,
  errorText: explain,
}: {
  handle: CommandHandle;
  doneText?: string;
  /** Plain words for a failure this form knows better than the generic wording, if any. */
  errorText?: (code: string, message: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { status } = handle;
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
          <span>{t('command.failed', { reason: explain?.(status.code, status.message) ?? errorText(status.code, status.message) })}</span>
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
