import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { needsActionCount } from '../../api/selectors.js';
import { useTalks } from '../../components/talks-context.js';
import { usePhaseBlock } from '../../components/use-phase-block.js';
import { Tabs, type TabSpec } from '../../components/Tabs.js';
import { AgreementConsole } from './agreement/AgreementConsole.js';
import { AuditPanel } from './AuditPanel.js';
import { ChannelColumn } from './ChannelColumn.js';
import { ConveyDialog } from './ConveyDialog.js';
import type { ConveyTarget } from './convey-target.js';
import { Inbox } from './Inbox.js';
import { MembersPanel } from './MembersPanel.js';
import { PhaseControl } from './PhaseControl.js';
import { RoomColumn } from './RoomColumn.js';
import { SummariesPanel } from './SummariesPanel.js';

type ConsoleTab = 'rooms' | 'inbox' | 'summaries' | 'agreement' | 'talks';

/** The mediators' console: the rooms side by side, the inbox, summaries, phase and members. */
export function MediatorConsole() {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const [tab, setTab] = useState<ConsoleTab>('rooms');
  const [conveying, setConveying] = useState<ConveyTarget | null>(null);
  const parties = view.talks?.parties ?? [];
  const phase = view.talks?.phase;
  // [INB2] What needs handling, not a running total.
  const waiting = needsActionCount(view);
  const jointBlock = usePhaseBlock('joint');
  const talkBlock = usePhaseBlock('talk');

  const rooms = (
    <div className="columns">
      {parties.map((party) => (
        <RoomColumn key={party.id} partyId={party.id} onConvey={setConveying} />
      ))}
      {(phase === 'negotiation' || view.messages.some((m) => m.audience === 'joint')) && (
        <ChannelColumn
          tone="joint"
          audience="joint"
          title={t('console.joint.title')}
          empty={t('console.joint.empty')}
          composerLabel={t('console.joint.composer')}
          visibleTo={t('audience.joint')}
          disabledReason={jointBlock}
          toCommand={(text) => ({ type: 'message.post', payload: { audience: 'joint', text } })}
        />
      )}
      <ChannelColumn
        tone="mediation"
        audience="mediation"
        title={t('console.notes.title')}
        empty={t('console.notes.empty')}
        composerLabel={t('console.notes.composer')}
        visibleTo={t('audience.mediation')}
        disabledReason={talkBlock}
        toCommand={(text) => ({ type: 'message.post', payload: { audience: 'mediation', text } })}
      />
    </div>
  );

  const tabs: TabSpec<ConsoleTab>[] = [
    { key: 'rooms', label: t('console.tabs.rooms'), content: rooms },
    {
      key: 'inbox',
      label: t('inboxTriage.tab', { count: waiting }),
      content: <Inbox onConvey={setConveying} />,
    },
    { key: 'summaries', label: t('console.tabs.summaries'), content: <SummariesPanel /> },
    { key: 'agreement', label: t('agreementConsole.tab'), content: <AgreementConsole /> },
    {
      key: 'talks',
      label: me.role === 'lead-mediator' ? t('console.tabs.talksLead') : t('console.tabs.talks'),
      content: (
        <div className="talks-admin">
          <PhaseControl />
          {me.role === 'lead-mediator' && <MembersPanel />}
          {me.role === 'lead-mediator' && <AuditPanel />}
        </div>
      ),
    },
  ];

  return (
    <main className="console">
      <h1 className="visually-hidden">{t('console.heading')}</h1>
      <Tabs label={t('console.tabs.label')} tabs={tabs} selected={tab} onSelect={setTab} />
      {conveying && <ConveyDialog target={conveying} onClose={() => setConveying(null)} />}
    </main>
  );
}
