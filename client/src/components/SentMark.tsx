import { useTranslation } from 'react-i18next';
import { useSentMark } from './sent-marks.js';

/** "Sent" on a message this tab sent, once the server has it. */
export function SentMark({ messageId }: { messageId: string }) {
  const { t } = useTranslation();
  if (!useSentMark(messageId)) return null;
  return (
    <span className="message__sent" data-testid="sent-mark">
      <span aria-hidden="true">✓ </span>
      {t('sentMark.sent')}
    </span>
  );
}
