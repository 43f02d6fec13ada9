import { TokenBucket } from './rate-limit.js';
import type { ParleySocket } from './types.js';

export const COMMAND_BURST = 30;
export const COMMANDS_PER_SECOND = 10;

/**
 * Per-socket state that lives only on the node holding the socket. It is kept out of
 * `socket.data`, which the adapter serialises when another node asks for sockets.
 */
interface SocketLocal {
  bucket: TokenBucket;
  /** The client address its budgets are kept under (see client-address.ts). */
  address: string;
  expiryTimer?: NodeJS.Timeout;
}

const locals = new WeakMap<ParleySocket, SocketLocal>();

export function localOf(socket: ParleySocket): SocketLocal {
  let local = locals.get(socket);
  if (!local) {
    local = { bucket: new TokenBucket(COMMAND_BURST, COMMANDS_PER_SECOND), address: socket.handshake.address };
    locals.set(socket, local);
  }
  return local;
}

/** The key of a socket's member in the budgets: members are per talks. */
export const memberKeyOf = (socket: ParleySocket): string => `${socket.data.talksId}:${socket.data.memberId}`;
