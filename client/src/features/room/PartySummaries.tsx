import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../shared/src/ids.js';
import { LIMITS } from '../../../../shared/src/model.js';
import { summariesFor } from '../../api/selectors.js';
import type { SummaryEntry } from '../../api/talks-view.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { VisibleTo } from '../../components/VisibleTo.js';
import { When } from '../../components/When.js';

/** Summaries put to our party: the head approves or asks for changes; delegates see where it stands. */
export function PartySummaries({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const summaries = summariesFor(view, partyId);
  if (summaries.length === 0) return <EmptyState>{t('summaries.emptyParty')}</EmptyState>;
  return (
    <ol className="stack" aria-label={t('summaries.title')}>
      {summaries.map((summary) => (
        <li key={summary.summaryId}>
          <PartySummaryCard summary={summary} partyId={partyId} />
        </li>
      ))}
    </ol>
  );
}

function PartySummaryCard({ summary, partyId }: { summary: SummaryEntry; partyId: PartyId }) {
  const { t } = useTranslation();
  const { me } = useTalks();
  const approve = useCommand();
  const request = useCommand();
  const id = useId();
  const [asking, setAsking] = useState(false);
  const [text, setText] = useState('');
  const approved = summary.approvals.includes(partyId);
  const changes = summary.changeRequests.find((c) => c.partyId === partyId);
  const isHead = me.role === 'head';
  // [SUM2] Only the head answers for the party: a delegate reads where the head stands.
  const state = summary.published
    ? 'published'
    : summary.withdrawn
      ? 'withdrawn'
      : `${approved ? 'approved' : changes ? 'changes-requested' : 'waiting'}-${isHead ? 'head' : 'delegate'}`;
  const open = !summary.published && !summary.withdrawn;

  const sendRequest = async () => {
    if (!text.trim()) return;
    const outcome = await request.run({
      type: 'summary.requestChanges',
      payload: { summaryId: summary.summaryId, text: text.trim() },
    });
    if (outcome.ok) {
      setAsking(false);
      setText('');
    }
  };

  return (
    <article className="card card--summary" aria-label={t('summaries.cardLabel')}>
      <header className="card__header">
        <span className="card__kind">{t('summaries.summary')}</span> <When at={summary.at} />
        {summary.version > 1 && (
          <span className="badge badge--muted">{t('summaryLife.version', { version: summary.version })}</span>
        )}
        <span className={`badge badge--state-${state}`}>{t(`summaryLife.ours.${state}`)}</span>
      </header>
      <p className="card__text">{summary.withdrawn ? <del>{summary.text}</del> : summary.text}</p>
      {open && summary.version > 1 && !approved && !changes && (
        <p className="card__context">{t('summaryLife.revised', { version: summary.version })}</p>
      )}
      {changes && !approved && (
        <p className="card__context">
          {isHead ? t('summaries.ourRequest') : t('summaryLife.requestOfHead')} <q>{changes.text}</q>
        </p>
      )}
      {open && !approved && isHead && (
        <div className="card__actions">
          {!asking ? (
            <>
              <button
                type="button"
                className="button button--primary"
                disabled={approve.status.state === 'pending'}
                onClick={() =>
                  void approve.run({
                    type: 'summary.approve',
                    payload: { summaryId: summary.summaryId, version: summary.version },
                  })
                }
              >
                {t('summaries.approve')}
              </button>
              <button type="button" className="button" onClick={() => setAsking(true)}>
                {t('summaries.requestChanges')}
              </button>
              <CommandStatusLine handle={approve} />
            </>
          ) : (
            <div className="request-changes">
              <label htmlFor={`${id}-changes`}>{t('summaries.changesLabel')}</label>
              <VisibleTo who={t('audience.room')} />
              <textarea
                id={`${id}-changes`}
                rows={3}
                value={text}
                maxLength={LIMITS.maxTextChars}
                onChange={(e) => setText(e.target.value)}
              />
              <div className="composer__actions">
                <button type="button" className="button button--quiet" onClick={() => setAsking(false)}>
                  {t('common.cancel')}
                </button>
                <button
                  type="button"
                  className="button button--primary"
                  disabled={!text.trim()}
                  onClick={() => void sendRequest()}
                >
                  {t('summaries.sendRequest')}
                </button>
                <CommandStatusLine handle={request} />
              </div>
            </div>
          )}
        </div>
      )}
      {open && !approved && !isHead && <p className="field__help">{t('summaries.headApproves')}</p>}
    </article>
  );
}
