import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../shared/src/ids.js';
import { caucusOf, roomOf } from '../../../../shared/src/model.js';
import { conveyancesTo, membersOfParty, messagesIn, partyName } from '../../api/selectors.js';
import { Composer } from '../../components/Composer.js';
import { EmptyState } from '../../components/EmptyState.js';
import { MessageList } from '../../components/MessageList.js';
import { Panel } from '../../components/Panel.js';
import { usePhaseBlock } from '../../components/use-phase-block.js';
import { useTalks } from '../../components/talks-context.js';
import { Tabs } from '../../components/Tabs.js';
import { Presence } from '../console/Presence.js';
import { AgreementRoom } from './agreement/AgreementRoom.js';
import { ConveyedOnOurBehalf } from './ConveyedOnOurBehalf.js';
import { OurSubmissions } from './OurSubmissions.js';
import { PartySummaries } from './PartySummaries.js';
import { ProposalCard } from './ProposalCard.js';
import { SubmitPosition } from './SubmitPosition.js';

type RoomTab = 'room' | 'agreement';

/**
 * A delegation's room: its caucus, its channel with the mediator, and the shuttle as seen
 * from here; and, in its own tab, the agreement (agenda, text, package, signature).
 */
export function PartyRoom() {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const [tab, setTab] = useState<RoomTab>('room');
  const partyId = me.partyId;
  if (!partyId) return null;
  const party = partyName(view, partyId);

  return (
    <main className="room">
      <div className="room__banner">
        <h1 className="room__title">{t('room.title', { party })}</h1>
        <Presence members={membersOfParty(view, partyId)} />
      </div>
      <Tabs
        label={t('agreementRoom.tabs.label')}
        selected={tab}
        onSelect={setTab}
        tabs={[
          { key: 'room', label: t('agreementRoom.tabs.room'), content: <RoomPanels partyId={partyId} /> },
          {
            key: 'agreement',
            label: t('agreementRoom.tabs.agreement'),
            content: <AgreementRoom partyId={partyId} />,
          },
        ]}
      />
    </main>
  );
}

/** The room's own panels: caucus, mediator, proposals, submissions, summaries, joint session. */
function RoomPanels({ partyId }: { partyId: PartyId }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const phase = view.talks?.phase;
  const proposals = conveyancesTo(view, partyId).reverse();
  const joint = messagesIn(view, 'joint');
  const jointBlock = usePhaseBlock('joint');
  const talkBlock = usePhaseBlock('talk');

  return (
    <div className="room__grid">
      <Panel
        title={t('room.caucus.title')}
        tone="caucus"
        aside={<span className="badge badge--caucus">{t('room.caucus.badge')}</span>}
      >
        <MessageList
          messages={messagesIn(view, caucusOf(partyId))}
          empty={t('room.caucus.empty')}
          label={t('room.caucus.title')}
        />
        <Composer
          tone="caucus"
          label={t('room.caucus.composer')}
          visibleTo={t('audience.caucus')}
          disabledReason={talkBlock}
          toCommand={(text) => ({ type: 'message.post', payload: { audience: 'caucus', text } })}
        />
      </Panel>
      <Panel
        title={t('room.mediator.title')}
        tone="room"
        aside={<span className="badge badge--room">{t('room.mediator.badge')}</span>}
      >
        <MessageList
          messages={messagesIn(view, roomOf(partyId))}
          empty={t('room.mediator.empty')}
          label={t('room.mediator.title')}
        />
        <Composer
          tone="room"
          label={t('room.mediator.composer')}
          visibleTo={t('audience.room')}
          disabledReason={talkBlock}
          toCommand={(text) => ({ type: 'message.post', payload: { audience: 'room', text } })}
        />
      </Panel>
      <Panel title={t('proposals.title')} tone="room">
        {proposals.length === 0 ? (
          <EmptyState>{t('proposals.empty')}</EmptyState>
        ) : (
          <ol className="stack">
            {proposals.map((conveyance) => (
              <li key={conveyance.conveyanceId}>
                <ProposalCard conveyance={conveyance} />
              </li>
            ))}
          </ol>
        )}
      </Panel>
      <Panel title={t('submit.title')} tone="room">
        <SubmitPosition />
      </Panel>
      <Panel title={t('ours.title')}>
        <OurSubmissions partyId={partyId} />
      </Panel>
      <Panel title={t('behalf.title')}>
        <ConveyedOnOurBehalf partyId={partyId} />
      </Panel>
      <Panel title={t('summaries.title')}>
        <PartySummaries partyId={partyId} />
      </Panel>
      {(phase === 'negotiation' || joint.length > 0) && (
        <Panel title={t('room.joint.title')} tone="joint">
          <MessageList messages={joint} empty={t('room.joint.empty')} label={t('room.joint.title')} />
          <Composer
            tone="joint"
            label={t('room.joint.composer')}
            visibleTo={t('audience.joint')}
            disabledReason={jointBlock}
            toCommand={(text) => ({ type: 'message.post', payload: { audience: 'joint', text } })}
          />
        </Panel>
      )}
    </div>
  );
}
