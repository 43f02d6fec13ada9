import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { partyName, type InboxItem } from '../../api/selectors.js';
import { ActorName } from '../../components/ActorName.js';
import { DisclosureBadge } from '../../components/DisclosureBadge.js';
import { useTalks } from '../../components/talks-context.js';
import { usePhaseBlock } from '../../components/use-phase-block.js';
import { When } from '../../components/When.js';
import type { OpenConvey } from './convey-target.js';
import { InboxMark } from './InboxMark.js';
import { WhoKnowsWhat } from './WhoKnowsWhat.js';

/** A party's submission or response as the mediator sees it: disclosure, the convey action, who knows what. */
export function SourceCard({
  item,
  onConvey,
  compact = false,
}: {
  item: InboxItem;
  onConvey: OpenConvey;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const reasonId = useId();
  const { entry } = item;
  const id = item.kind === 'submission' ? item.entry.submissionId : item.entry.responseId;
  const withdrawn = item.kind === 'submission' && item.entry.withdrawn;
  // [PH2] Closed phases say so on the button, before the dialog opens.
  const phaseBlock = usePhaseBlock('shuttle');
  const blockedReason =
    entry.disclosure === 'mediator-only'
      ? t('convey.blocked.mediatorOnly')
      : withdrawn
        ? t('convey.blocked.withdrawn')
        : (phaseBlock ?? null);
  const answered = item.kind === 'response' ? view.conveyances[item.entry.conveyanceId] : undefined;
  const party = partyName(view, entry.partyId);
  // [RSP2] A superseded answer is history: struck through, never conveyed as current.
  const superseded = item.kind === 'response' && item.entry.supersededBy !== null;
  const question = item.kind === 'response' && item.entry.stance === 'clarify';

  return (
    <article
      className={`card card--source ${withdrawn ? 'card--withdrawn' : ''} ${superseded ? 'card--superseded' : ''}`}
      aria-label={t(`inbox.kind.${item.kind}`, { party })}
    >
      <header className="card__header">
        <span className="card__kind">
          {item.kind === 'submission'
            ? t('inbox.kind.submission', { party })
            : question
              ? t('inboxTriage.questionFrom', { party })
              : t('inbox.kind.response', { party })}
        </span>
        {item.kind === 'response' && (
          <span className={`stance stance--${item.entry.stance}`}>{t(`stance.${item.entry.stance}`)}</span>
        )}
        {withdrawn && <span className="badge badge--muted">{t('inbox.withdrawn')}</span>}
        {superseded && <span className="badge badge--muted">{t('inboxTriage.superseded')}</span>}
      </header>
      <div className="card__meta">
        <ActorName actor={entry.author} /> <When at={entry.at} />
      </div>
      {answered && (
        <p className="card__context">
          {t('inbox.inAnswerTo')} <q>{answered.text}</q>
          {answered.kind === 'question' && <> ({t('inboxTriage.asQuestion')})</>}
        </p>
      )}
      <p className="card__text">{superseded ? <del>{entry.text}</del> : entry.text}</p>
      <DisclosureBadge disclosure={entry.disclosure} compact={compact} />
      <div className="card__actions">
        <button
          type="button"
          className="button"
          disabled={blockedReason !== null}
          aria-describedby={blockedReason ? reasonId : undefined}
          onClick={() => onConvey({ source: item, toPartyId: null })}
        >
          {t('convey.open')}
        </button>
        {blockedReason && (
          <span className="blocked-reason" id={reasonId}>
            {blockedReason}
          </span>
        )}
      </div>
      {!compact && <InboxMark item={item} />}
      {!compact && <WhoKnowsWhat sourceId={id} sourceText={entry.text} />}
    </article>
  );
}
