import { useTranslation } from 'react-i18next';
import type { CommandHandle } from '../../../components/use-command.js';
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
      {status.state === 'pending' && <span>{t('command.pending')}</span>}
      {status.state === 'done' && <span>{doneText ?? t('command.done')}</span>}
      {status.state === 'failed' && (
        <>
          <span data-testid="agreement-error">
            {EXPLAINED.has(status.code)
              ? t('agreementConsole.refused', { message: status.message })
              : t('command.failed', { reason: errorText(status.code, status.message) })}
          </span>{' '}
          <button type="button" className="button button--small" onClick={() => void handle.retry()}>
            {t('command.retry')}
          </button>
        </>
      )}
    </div>
  );
}
