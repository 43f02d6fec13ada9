import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../shared/src/ids.js';
import {
  ALL_INBOX,
  inbox,
  inboxItemId,
  inboxThreads,
  needsActionCount,
  partyName,
  type InboxFilter,
  type InboxThread,
} from '../../api/selectors.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { When } from '../../components/When.js';
import type { OpenConvey } from './convey-target.js';
import { SourceCard } from './SourceCard.js';

const KINDS = ['all', 'submission', 'answer', 'question'] as const;
const STATES = ['needs-action', 'handled', 'all'] as const;

/**
 * [INB2] Every submission and answer from every party, as threads (a proposal and what came
 * of it), filtered by party, kind and state, with what still needs action counted.
 */
export function Inbox({ onConvey }: { onConvey: OpenConvey }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const id = useId();
  const [filter, setFilter] = useState<InboxFilter>(ALL_INBOX);
  const total = inbox(view).length;
  if (total === 0) return <EmptyState>{t('inbox.empty')}</EmptyState>;
  const threads = inboxThreads(view, filter);
  const parties = view.talks?.parties ?? [];
  return (
    <section className="inbox-view" aria-label={t('inbox.title')}>
      <div className="inbox-filters" role="group" aria-label={t('inboxTriage.filters')}>
        <p className="inbox-filters__count" role="status">
          {t('inboxTriage.summary', { needs: needsActionCount(view), total })}
        </p>
        <label htmlFor={`${id}-party`}>{t('inboxTriage.party')}</label>
        <select
          id={`${id}-party`}
          value={filter.partyId}
          onChange={(event) => setFilter({ ...filter, partyId: event.target.value as PartyId | 'all' })}
        >
          <option value="all">{t('inboxTriage.allParties')}</option>
          {parties.map((party) => (
            <option key={party.id} value={party.id}>
              {party.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-kind`}>{t('inboxTriage.kind')}</label>
        <select
          id={`${id}-kind`}
          value={filter.kind}
          onChange={(event) => setFilter({ ...filter, kind: event.target.value as InboxFilter['kind'] })}
        >
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kind === 'all' ? t('inboxTriage.allKinds') : t(`inboxTriage.kinds.${kind}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-state`}>{t('inboxTriage.state')}</label>
        <select
          id={`${id}-state`}
          value={filter.state}
          onChange={(event) => setFilter({ ...filter, state: event.target.value as InboxFilter['state'] })}
        >
          {STATES.map((state) => (
            <option key={state} value={state}>
              {t(`inboxTriage.states.${state}`)}
            </option>
          ))}
        </select>
      </div>
      {threads.length === 0 ? (
        <EmptyState>{t('inboxTriage.noneMatch')}</EmptyState>
      ) : (
        <ol className="inbox inbox--threads">
          {threads.map((thread) => (
            <li key={thread.key}>
              <Thread thread={thread} onConvey={onConvey} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Thread({ thread, onConvey }: { thread: InboxThread; onConvey: OpenConvey }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const { root } = thread;
  const title = !root
    ? t('inboxTriage.thread.orphan')
    : root.kind === 'submission'
      ? t('inboxTriage.thread.submission', { party: partyName(view, root.entry.partyId) })
      : t('inboxTriage.thread.conveyance', { party: partyName(view, root.entry.toPartyId) });
  return (
    <section className="thread" aria-label={title}>
      <header className="thread__header">
        <h3 className="thread__title">{title}</h3>
        <When at={thread.latestAt} />
      </header>
      {root?.kind === 'conveyance' && <blockquote className="quote quote--outgoing">{root.entry.text}</blockquote>}
      <ol className="thread__items">
        {thread.items.map((item) => (
          <li key={inboxItemId(item)}>
            <SourceCard item={item} onConvey={onConvey} />
          </li>
        ))}
      </ol>
    </section>
  );
}
