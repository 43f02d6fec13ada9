import { useId, useState } from 'react';
import { LIMITS } from '../../../../shared/src/model.js';
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

type SummaryStatus = 'ready' | 'awaiting' | 'changes' | 'withdrawn' | 'published';

/** [SUM4-6] Where a summary stands, as the mediators read it. */
function statusOf(summary: SummaryEntry, ready: boolean): SummaryStatus {
  if (summary.published) return 'published';
  if (summary.withdrawn) return 'withdrawn';
  if (ready) return 'ready';
  return summary.changeRequests.length > 0 ? 'changes' : 'awaiting';
}

type Step = 'idle' | 'revising' | 'withdrawing' | 'publishing';

function SummaryCard({ summary }: { summary: SummaryEntry }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const publish = useCommand();
  const revise = useCommand();
  const withdraw = useCommand();
  const reasonId = useId();
  const fieldId = useId();
  const [step, setStep] = useState<Step>('idle');
  const [draft, setDraft] = useState(summary.text);
  const ready = allApproved(view, summary);
  const isLead = me.role === 'lead-mediator';
  const status = statusOf(summary, ready);
  const open = !summary.published && !summary.withdrawn;
  const reason = !open ? null : !isLead ? t('summaries.leadOnly') : !ready ? t('summaries.publishLocked') : null;

  const sendRevision = async () => {
    const outcome = await revise.run({
      type: 'summary.revise',
      payload: { summaryId: summary.summaryId, text: draft.trim() },
    });
    if (outcome.ok) setStep('idle');
  };

  return (
    <article className={`card card--summary card--summary-${status}`} aria-label={t('summaries.cardLabel')}>
      <header className="card__header">
        <span className="card__kind">{t('summaries.summary')}</span>
        <When at={summary.at} />
        <span className="badge badge--muted">{t('summaryLife.version', { version: summary.version })}</span>
        <span className={`badge badge--summary-${status} ${status === 'published' ? 'badge--published' : ''}`}>
          {t(`summaryLife.status.${status}`)}
        </span>
      </header>
      <p className="card__text">{summary.withdrawn ? <del>{summary.text}</del> : summary.text}</p>
      <ul className="approvals" aria-label={t('summaries.approvals')}>
        {approvalsOf(view, summary).map((approval) => (
          <li key={approval.partyId} className={`approval approval--${approval.state}`}>
            <span className="approval__party">{approval.name}</span>{' '}
            <span className="approval__state">{t(`summaries.state.${approval.state}`)}</span>
            {approval.request && <q className="approval__request">{approval.request}</q>}
          </li>
        ))}
      </ul>
      {open && step === 'revising' && (
        <div className="request-changes">
          <label htmlFor={fieldId}>{t('summaryLife.reviseLabel')}</label>
          <p className="field__help">{t('summaryLife.reviseHelp')}</p>
          <textarea
            id={fieldId}
            rows={4}
            value={draft}
            maxLength={LIMITS.maxTextChars}
            onChange={(event) => setDraft(event.target.value)}
          />
          <div className="composer__actions">
            <button type="button" className="button button--quiet" onClick={() => setStep('idle')}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={!draft.trim() || draft.trim() === summary.text || revise.status.state === 'pending'}
              onClick={() => void sendRevision()}
            >
              {t('summaryLife.reviseSubmit')}
            </button>
            <CommandStatusLine handle={revise} />
          </div>
        </div>
      )}
      {open && (step === 'withdrawing' || step === 'publishing') && (
        <div className="confirm" role="group" aria-label={t(step === 'publishing' ? 'summaries.publish' : 'summaryLife.withdrawYes')}>
          <p className="confirm__question">
            {t(step === 'publishing' ? 'summaryLife.publishConfirm' : 'summaryLife.withdrawConfirm')}
          </p>
          <div className="composer__actions">
            <button type="button" className="button button--quiet" autoFocus onClick={() => setStep('idle')}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="button button--primary"
              disabled={(step === 'publishing' ? publish : withdraw).status.state === 'pending'}
              onClick={() =>
                void (step === 'publishing'
                  ? publish.run({ type: 'summary.publish', payload: { summaryId: summary.summaryId } })
                  : withdraw.run({ type: 'summary.withdraw', payload: { summaryId: summary.summaryId } })
                ).then((outcome) => outcome.ok && setStep('idle'))
              }
            >
              {t(step === 'publishing' ? 'summaryLife.publishYes' : 'summaryLife.withdrawYes')}
            </button>
          </div>
        </div>
      )}
      {open && step === 'idle' && (
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={reason !== null}
            aria-describedby={reason ? reasonId : undefined}
            onClick={() => setStep('publishing')}
          >
            {t('summaries.publish')}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft(summary.text);
              setStep('revising');
            }}
          >
            {t('summaryLife.revise')}
          </button>
          <button type="button" className="button button--quiet" onClick={() => setStep('withdrawing')}>
            {t('summaryLife.withdraw')}
          </button>
          {reason && (
            <span className="blocked-reason" id={reasonId}>
              {reason}
            </span>
          )}
        </div>
      )}
      <CommandStatusLine handle={publish} />
      <CommandStatusLine handle={withdraw} />
    </article>
  );
}
