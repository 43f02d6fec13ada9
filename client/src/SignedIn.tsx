import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../shared/src/commands.js';
import type { SessionGrant } from '../../shared/src/protocol.js';
import { partyName } from './api/selectors.js';
import { SessionKeeper } from './api/session-keeper.js';
import { TalksConnection, type EndReason } from './api/talks-connection.js';
import { socketIoTransport, type TalksTransport } from './api/transport.js';
import { AppHeader } from './components/AppHeader.js';
import { ConnectionIndicator } from './components/ConnectionIndicator.js';
import { TalksContext, type TalksContextValue } from './components/talks-context.js';
import { ReplacedNotice } from './components/ReplacedNotice.js';
import { MediatorConsole } from './features/console/MediatorConsole.js';
import { Gallery } from './features/gallery/Gallery.js';
import { PartyRoom } from './features/room/PartyRoom.js';

export type TransportFactory = (token: () => string) => TalksTransport;

/** A signed-in member: keeps the session fresh, the talks live, and shows the view for the role. */
export function SignedIn({
  grant,
  onSignOut,
  onEnded,
  transportFor = socketIoTransport,
}: {
  grant: SessionGrant;
  onSignOut: () => void;
  onEnded: (reason: EndReason) => void;
  transportFor?: TransportFactory;
}) {
  const [connection, setConnection] = useState<TalksConnection | null>(null);
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  }, [onEnded]);

  useEffect(() => {
    const keeper: SessionKeeper = new SessionKeeper(grant, {
      onRenewed: (fresh) => void live.renew(fresh.token),
      onEnded: () => ended.current('session-ended'),
    });
    const live = new TalksConnection(grant.member.talksId, transportFor(keeper.token), {
      refresh: () => keeper.refresh(),
    });
    keeper.start();
    live.start();
    setConnection(live);
    return () => {
      keeper.stop();
      live.stop();
    };
  }, [grant, transportFor]);

  if (!connection) return null;
  return (
    <Live
      connection={connection}
      grant={grant}
      onSignOut={onSignOut}
      onEnded={(reason) => ended.current(reason)}
    />
  );
}

function Live({
  connection,
  grant,
  onSignOut,
  onEnded,
}: {
  connection: TalksConnection;
  grant: SessionGrant;
  onSignOut: () => void;
  onEnded: (reason: EndReason) => void;
}) {
  const { t } = useTranslation();
  const state = useSyncExternalStore(connection.subscribe, connection.getState);
  const me = grant.member;

  useEffect(() => {
    // 'replaced' keeps the session: this window only waits until the person comes back to it.
    if (state.ended && state.ended !== 'replaced') onEnded(state.ended);
  }, [state.ended, onEnded]);

  const value = useMemo<TalksContextValue>(
    () => ({
      me,
      view: state.view,
      snapshot: state.snapshot,
      status: state.status,
      send: (command: Command, commandId: string) =>
        connection.send(command.type, command.payload, commandId),
    }),
    [me, state.view, state.snapshot, state.status, connection],
  );

  const talks = state.view.talks;
  const party = partyName(state.view, me.partyId ?? null);
  return (
    <TalksContext.Provider value={value}>
      <div className="app">
        <AppHeader title={talks?.title} onSignOut={onSignOut}>
          {talks && <span className={`phase phase--${talks.phase}`}>{t(`phases.${talks.phase}.name`)}</span>}
          <span className="identity" aria-label={t('identity.label')}>
            <strong>{me.displayName}</strong> <span>{t(`roles.${me.role}`)}</span>
            {party && <span className="identity__party">{party}</span>}
          </span>
          <ConnectionIndicator status={state.status} />
        </AppHeader>
        {state.ended === 'replaced' ? (
          <ReplacedNotice onResume={() => connection.resume()} />
        ) : talks ? (
          <RoleView role={me.role} />
        ) : (
          <p className="loading">{t('app.loading')}</p>
        )}
      </div>
    </TalksContext.Provider>
  );
}

function RoleView({ role }: { role: SessionGrant['member']['role'] }) {
  switch (role) {
    case 'lead-mediator':
    case 'co-mediator':
      return <MediatorConsole />;
    case 'head':
    case 'delegate':
      return <PartyRoom />;
    case 'observer':
      return <Gallery />;
  }
}
