import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, MemberId, ServerToClientEvents, TalksId } from '../../../shared/src/index.js';

/** What the handshake established about a socket's bearer. */
export interface SocketData {
  talksId: TalksId;
  memberId: MemberId;
  /** Token expiry, in milliseconds since the epoch. */
  expiresAt: number;
  /** When the socket was admitted, in milliseconds since the epoch: the socket cap closes the oldest. */
  connectedAt: number;
  /** [ID6] The session family of the token the socket opened with. */
  familyId: string;
  /** [MB8] The member's session epoch in that token. */
  epoch: number;
}

// The fully typed server and socket.
export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
