import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../shared/src/ids.js';
import { membersOfParty, partyName, roomTimeline, type RoomItem } from '../../api/selectors.js';
import { ActorName } from '../../components/ActorName.js';
import { Composer } from '../../components/Composer.js';
import { EmptyState } from '../../components/EmptyState.js';
import { SentMark } from '../../components/SentMark.js';
import { useTalks } from '../../components/talks-context.js';
import { usePhaseBlock } from '../../components/use-phase-block.js';
import { When } from '../../components/When.js';
import type { OpenConvey } from './convey-target.js';
import { Presence } from './Presence.js';
import { SourceCard } from './SourceCard.js';

/** One party's room as the mediators see it: everything said, submitted and conveyed there. */
export function RoomColumn({ partyId, onConvey }: { partyId: PartyId; onConvey: OpenConvey }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const party = partyName(view, partyId);
  const items = roomTimeline(view, partyId);
  const shuttleBlock = usePhaseBlock('shuttle');
  const talkBlock = usePhaseBlock('talk');
  const reasonId = `room-${partyId}-shuttle-block`;
  return (
    <section className="column column--room" aria-label={t('console.room.label', { party })}>
      <header className="column__header">
        <h3 className="column__title">{t('console.room.title', { party })}</h3>
        <Presence members={membersOfParty(view, partyId)} />
      </header>
      <div className="column__feed">
        {items.length === 0 ? (
          <EmptyState>{t('console.room.empty', { party })}</EmptyState>
        ) : (
          <ol className="feed">
            {items.map((item) => (
              <li key={keyOf(item)} className={`feed__item feed__item--${item.kind}`}>
                <RoomEntry item={item} onConvey={onConvey} />
              </li>
            ))}
          </ol>
        )}
      </div>
      <div className="column__footer">
        <button
          type="button"
          className="button button--small"
          disabled={shuttleBlock !== undefined}
          aria-describedby={shuttleBlock ? reasonId : undefined}
          onClick={() => onConvey({ source: null, toPartyId: partyId })}
        >
          {t('console.room.newProposal', { party })}
        </button>
        {shuttleBlock && (
          <p className="blocked-reason" id={reasonId}>
            {shuttleBlock}
          </p>
        )}
        <Composer
          tone="room"
          label={t('console.room.composer', { party })}
          visibleTo={t('audience.roomOfParty', { party })}
          disabledReason={talkBlock}
          toCommand={(text) => ({ type: 'message.post', payload: { audience: 'room', partyId, text } })}
        />
      </div>
    </section>
  );
}

const keyOf = (item: RoomItem): string => {
  switch (item.kind) {
    case 'message':
      return item.entry.messageId;
    case 'submission':
      return item.entry.submissionId;
    case 'conveyance':
      return item.entry.conveyanceId;
    case 'response':
      return item.entry.responseId;
  }
};

function RoomEntry({ item, onConvey }: { item: RoomItem; onConvey: OpenConvey }) {
  const { t } = useTranslation();
  switch (item.kind) {
    case 'message':
      return (
        <div className="message">
          <div className="message__meta">
            <ActorName actor={item.entry.author} /> <When at={item.at} />{' '}
            <SentMark messageId={item.entry.messageId} />
          </div>
          <p className="message__text">{item.entry.text}</p>
        </div>
      );
    case 'submission':
      return <SourceCard item={{ kind: 'submission', entry: item.entry }} onConvey={onConvey} compact />;
    case 'response':
      return <SourceCard item={{ kind: 'response', entry: item.entry }} onConvey={onConvey} compact />;
    case 'conveyance':
      return (
        <div className="card card--conveyance">
          <div className="card__meta">
            <span className="card__kind">{t('console.room.conveyed')}</span>{' '}
            <ActorName actor={item.entry.by} /> <When at={item.at} />
          </div>
          <p className="card__text">{item.entry.text}</p>
        </div>
      );
  }
}
