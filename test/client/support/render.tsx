import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Command } from '../../../shared/src/commands.js';
import type { WireEvent } from '../../../shared/src/events.js';
import type { MemberId, PartyId } from '../../../shared/src/ids.js';
import type { Role } from '../../../shared/src/model.js';
import type { MemberView } from '../../../shared/src/protocol.js';
import { emptySnapshot, type TalksSnapshot } from '../../../client/src/api/talks-snapshot.js';
import { applyEvents, emptyView } from '../../../client/src/api/talks-view.js';
import type { ConnectionStatus } from '../../../client/src/api/talks-connection.js';
import type { Outcome } from '../../../client/src/api/transport.js';
import { TalksContext, type TalksContextValue } from '../../../client/src/components/talks-context.js';
import { i18n, initI18n, type Language } from '../../../client/src/i18n/index.js';
import { TALKS_ID } from './events.js';
import { trackMissingKeys } from './missing-keys.js';

export interface SentCommand {
  command: Command;
  commandId: string;
}

export const member = (
  role: Role,
  displayName: string,
  partyId: PartyId | null = null,
  id?: MemberId,
): MemberView => ({
  id: id ?? (`aaaaaaaa-0000-4000-8000-${displayName.length.toString().padStart(12, '0')}` as MemberId),
  talksId: TALKS_ID,
  role,
  partyId,
  displayName,
});

/** Renders a view with a given reader, given events, and a recording `send`. */
export function renderWithTalks(
  ui: ReactElement,
  options: {
    me: MemberView;
    events: WireEvent[];
    snapshot?: TalksSnapshot;
    answer?: (command: Command, commandId: string) => Outcome | Promise<Outcome>;
    language?: Language;
    /** The connection's state (online unless said). */
    status?: ConnectionStatus;
  },
): RenderResult & {
  sent: SentCommand[];
  rerenderWith: (events: WireEvent[], status?: ConnectionStatus) => void;
} {
  initI18n(options.language ?? 'en');
  trackMissingKeys();
  const sent: SentCommand[] = [];
  const send = (command: Command, commandId: string): Promise<Outcome> => {
    sent.push({ command, commandId });
    return Promise.resolve(options.answer ? options.answer(command, commandId) : { ok: true, result: {} });
  };
  const valueFor = (events: WireEvent[], status: ConnectionStatus): TalksContextValue => ({
    me: options.me,
    view: applyEvents(emptyView(), events),
    snapshot: options.snapshot ?? emptySnapshot,
    status,
    send,
  });
  let status = options.status ?? 'online';
  const wrap = (events: WireEvent[]) => (
    <I18nextProvider i18n={i18n}>
      <TalksContext.Provider value={valueFor(events, status)}>{ui}</TalksContext.Provider>
    </I18nextProvider>
  );
  const result = render(wrap(options.events));
  return {
    ...result,
    sent,
    rerenderWith: (events, next) => {
      status = next ?? status;
      result.rerender(wrap(events));
    },
  };
}
