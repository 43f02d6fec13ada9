import { useTranslation } from 'react-i18next';
import { inbox } from '../../api/selectors.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import type { OpenConvey } from './convey-target.js';
import { SourceCard } from './SourceCard.js';

/** Every submission and response from every party, newest first, with who knows what. */
export function Inbox({ onConvey }: { onConvey: OpenConvey }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const items = inbox(view);
  if (items.length === 0) return <EmptyState>{t('inbox.empty')}</EmptyState>;
  return (
    <ol className="inbox" aria-label={t('inbox.title')}>
      {items.map((item) => (
        <li key={item.kind === 'submission' ? item.entry.submissionId : item.entry.responseId}>
          <SourceCard item={item} onConvey={onConvey} />
        </li>
      ))}
    </ol>
  );
}
