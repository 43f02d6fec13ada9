import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../shared/src/ids.js';
import { conveyancesOfSource, partyName, submissionsOf } from '../../api/selectors.js';
import type { SubmissionEntry } from '../../api/talks-view.js';
import { ActorName } from '../../components/ActorName.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { DisclosureBadge } from '../../components/DisclosureBadge.js';
import { EmptyState } from '../../components/EmptyState.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';
import { When } from '../../components/When.js';

/** What our delegation submitted to the mediator, newest first, with where each went. */
export function OurSubmissions({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const submissions = submissionsOf(view, partyId).reverse();
  if (submissions.length === 0) return <EmptyState>{t('ours.empty')}</EmptyState>;
  return (
    <ol className="stack" aria-label={t('ours.title')}>
      {submissions.map((submission) => (
        <li key={submission.submissionId}>
          <SubmissionCard submission={submission} />
        </li>
      ))}
    </ol>
  );
}

function SubmissionCard({ submission }: { submission: SubmissionEntry }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const withdraw = useCommand();
  const conveyed = conveyancesOfSource(view, submission.submissionId);
  return (
    <article
      className={`card ${submission.withdrawn ? 'card--withdrawn' : ''}`}
      aria-label={t('ours.cardLabel')}
    >
      <div className="card__meta">
        <ActorName actor={submission.author} /> <When at={submission.at} />
        {submission.withdrawn && <span className="badge badge--muted">{t('inbox.withdrawn')}</span>}
      </div>
      <p className="card__text">{submission.text}</p>
      <DisclosureBadge disclosure={submission.disclosure} />
      <p className="card__context">
        {conveyed.length === 0
          ? t('ours.notConveyed')
          : t('ours.conveyedTo', { parties: conveyed.map((c) => partyName(view, c.toPartyId)).join(', ') })}
      </p>
      {!submission.withdrawn && (
        <div className="card__actions">
          <button
            type="button"
            className="button button--quiet"
            disabled={withdraw.status.state === 'pending'}
            onClick={() =>
              void withdraw.run({
                type: 'submission.withdraw',
                payload: { submissionId: submission.submissionId },
              })
            }
          >
            {t('ours.withdraw')}
          </button>
          <CommandStatusLine handle={withdraw} />
        </div>
      )}
    </article>
  );
}
