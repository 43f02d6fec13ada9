import { useTranslation } from 'react-i18next';
import { inboxItemId, inboxStateOf, type InboxItem } from '../../api/selectors.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { When } from '../../components/When.js';

/**
 * [INB1][INB2] Where an inbox item stands (needs action, handled by whom and when, or closed:
 * withdrawn or superseded) and the mediator's mark, which every mediator sees.
 */
export function InboxMark({ item }: { item: InboxItem }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const mark = useCommand();
  const state = inboxStateOf(view, item);
  const id = inboxItemId(item);
  const handled = view.handled[id];
  const ids = item.kind === 'submission' ? { submissionId: id } : { responseId: id };
  return (
    <div className={`inbox-mark inbox-mark--${state}`}>
      <span className={`badge badge--inbox-${state}`}>{t(`inboxTriage.badge.${state}`)}</span>
      {handled && (
        <span className="inbox-mark__by">
          {t('inboxTriage.handledBy', { name: handled.by.displayName })} <When at={handled.at} />
        </span>
      )}
      {state !== 'closed' && (
        <button
          type="button"
          className="button button--small"
          disabled={mark.status.state === 'pending'}
          onClick={() => void mark.run({ type: 'inbox.mark', payload: { ...ids, handled: !handled } })}
        >
          {handled ? t('inboxTriage.markOpen') : t('inboxTriage.markHandled')}
        </button>
      )}
      <CommandStatusLine handle={mark} />
    </div>
  );
}
