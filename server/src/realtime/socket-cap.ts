import type { ErrorBody, MemberId, TalksId } from '../../../shared/src/index.js';
import { memberRoom } from './rooms.js';
import type { ParleyServer } from './types.js';

/** What an older socket hears before the cap closes it; the web client then stops reconnecting. */
export const REPLACED: ErrorBody = {
  code: 'RATE_LIMITED',
  message: 'Parley was opened in another window or device for this member: this one was closed.',
};

/**
 * [OPS2] Keeps a member's newest `cap` sockets, on every node (the adapter's
 * fetchSockets sees them all), and closes the rest with a reason. Run after each
 * admission: concurrent admissions may each close some, and the last one to look
 * leaves exactly `cap`, since each keeps the newest and the order is the same for all.
 */
export async function enforceSocketCap(io: ParleyServer, talksId: TalksId, memberId: MemberId, cap: number): Promise<void> {
  const sockets = await io.in(memberRoom(talksId, memberId)).fetchSockets();
  if (sockets.length <= cap) return;
  const oldestFirst = [...sockets].sort(
    (a, b) => a.data.connectedAt - b.data.connectedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const socket of oldestFirst.slice(0, sockets.length - cap)) {
    socket.emit('closing', REPLACED);
    socket.disconnect(true);
  }
}
