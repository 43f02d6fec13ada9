import { createContext, useContext } from 'react';
import type { Command } from '../../../shared/src/commands.js';
import type { MemberView } from '../../../shared/src/protocol.js';
import type { ConnectionStatus } from '../api/talks-connection.js';
import type { TalksSnapshot } from '../api/talks-snapshot.js';
import type { TalksView } from '../api/talks-view.js';
import type { Outcome } from '../api/transport.js';

// What every view reads: who I am, what I know of the talks, and a way to send
// commands. Views take it from context so tests can hand them a plain value.

export interface TalksContextValue {
  me: MemberView;
  view: TalksView;
  snapshot: TalksSnapshot;
  status: ConnectionStatus;
  send: (command: Command, commandId: string) => Promise<Outcome>;
}

export const TalksContext = createContext<TalksContextValue | null>(null);

export function useTalks(): TalksContextValue {
  const value = useContext(TalksContext);
  if (!value) throw new Error('useTalks() needs a <TalksContext.Provider>.');
  return value;
}
