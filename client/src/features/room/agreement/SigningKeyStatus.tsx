import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../components/use-error-text.js';
import { NO_CRYPTO, type SigningKeyHandle } from './use-signing-key.js';
import { useThumbprint } from './use-thumbprint.js';

/** The head's signing key: ready (with its thumbprint), held elsewhere, or not registered, and what to do. */
export function SigningKeyStatus({ signingKey }: { signingKey: SigningKeyHandle }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { key } = signingKey;
  const thumbprint = useThumbprint(key.state === 'ready' ? key.key.publicJwk : null);
  if (key.state === 'not-needed') return null;
  return (
    <div
      className="signing-key"
      data-testid="signing-key"
      data-state={key.state}
      role="status"
      aria-live="polite"
    >
      {key.state === 'preparing' && <p>{t('agreementRoom.key.preparing')}</p>}
      {key.state === 'ready' && (
        <p>
          {t('agreementRoom.key.ready')}{' '}
          {thumbprint && (
            <>
              {t('agreementRoom.key.thumbprint')}{' '}
              <code className="hash" data-testid="signing-key-thumbprint">
                {thumbprint}
              </code>
            </>
          )}
        </p>
      )}
      {key.state === 'elsewhere' && (
        <p>
          {t('agreementRoom.key.elsewhere')}{' '}
          <button
            type="button"
            className="button button--small"
            data-testid="signing-key-replace"
            onClick={() => void signingKey.registerThisBrowser()}
          >
            {t('agreementRoom.key.replace')}
          </button>
        </p>
      )}
      {key.state === 'failed' && (
        <p className="form-error">
          {key.code === NO_CRYPTO
            ? t('agreementRoom.key.noCrypto')
            : t('agreementRoom.key.failed', { reason: errorText(key.code, key.message) })}{' '}
          <button type="button" className="button button--small" onClick={signingKey.retry}>
            {t('command.retry')}
          </button>
        </p>
      )}
      {key.state !== 'preparing' && !key.persistent && (
        <p className="notice" data-testid="signing-key-not-kept">
          {t('agreementRoom.key.notKept')}
        </p>
      )}
    </div>
  );
}
