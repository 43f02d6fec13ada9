import { useTranslation } from 'react-i18next';
import type { ConnectionStatus } from '../api/talks-connection.js';

/** Whether what the user sees is live: online, catching up, or trying to reconnect. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`connection connection--${status}`} role="status" aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      {t(`connection.${status}`)}
    </span>
  );
}
