import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { allApproved, approvalsOf, summariesNewestFirst } from '../../api/selectors.js';
import type { SummaryEntry } from '../../api/talks-view.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { Composer } from '../../components/Composer.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { When } from '../../components/When.js';

/** Drafting summaries, each head's approval, and publishing once all approved. */
export function SummariesPanel() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const summaries = summariesNewestFirst(view);
  return (
    <div className="summaries">
      <Composer
        tone="room"
        label={t('summaries.draftLabel')}
        visibleTo={t('audience.summaryDraft')}
        submitLabel={t('summaries.draftSubmit')}
        toCommand={(text) => ({ type: 'summary.draft', payload: { text } })}
      />
      {summaries.length === 0 ? (
        <EmptyState>{t('summaries.emptyMediator')}</EmptyState>
      ) : (
        <ol className="summaries__list" aria-label={t('summaries.title')}>
          {summaries.map((summary) => (
            <li key={summary.summaryId}>
              <SummaryCard summary={summary} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function SummaryCard({ summary }: { summary: SummaryEntry }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const publish = useCommand();
  const reasonId = useId();
  const ready = allApproved(view, summary);
  const isLead = me.role === 'lead-mediator';
  const reason = summary.published
    ? null
    : !isLead
      ? t('summaries.leadOnly')
      : !ready
        ? t('summaries.publishLocked')
        : null;
  return (
    <article className="card card--summary" aria-label={t('summaries.cardLabel')}>
      <header className="card__header">
        <span className="card__kind">{t('summaries.summary')}</span>
        <When at={summary.at} />
        <span className={`badge ${summary.published ? 'badge--published' : 'badge--muted'}`}>
          {summary.published ? t('summaries.published') : t('summaries.awaiting')}
        </span>
      </header>
      <p className="card__text">{summary.text}</p>
      <ul className="approvals" aria-label={t('summaries.approvals')}>
        {approvalsOf(view, summary).map((approval) => (
          <li key={approval.partyId} className={`approval approval--${approval.state}`}>
            <span className="approval__party">{approval.name}</span>{' '}
            <span className="approval__state">{t(`summaries.state.${approval.state}`)}</span>
            {approval.request && <q className="approval__request">{approval.request}</q>}
          </li>
        ))}
      </ul>
      {!summary.published && (
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={reason !== null || publish.status.state === 'pending'}
            aria-describedby={reason ? reasonId : undefined}
            onClick={() =>
              void publish.run({ type: 'summary.publish', payload: { summaryId: summary.summaryId } })
            }
          >
            {t('summaries.publish')}
          </button>
          {reason && (
            <span className="blocked-reason" id={reasonId}>
              {reason}
            </span>
          )}
          <CommandStatusLine handle={publish} />
        </div>
      )}
    </article>
  );
}
