import { io, type Socket } from 'socket.io-client';
import type { ErrorBody } from '../../../shared/src/errors.js';
import type { WireEvent } from '../../../shared/src/events.js';
import type {
  Ack,
  ClientToServerEvents,
  CommandEnvelope,
  PresenceChange,
  ServerToClientEvents,
  SyncRequest,
  SyncResult,
} from '../../../shared/src/protocol.js';

// A narrow, promise-based face over the Socket.IO client, so the connection
// logic can be tested against a fake and never waits forever for an ack.

/** A client-side outcome for a request the server never answered. */
export const NO_ANSWER = 'NO_ANSWER';
export type ClientErrorCode = ErrorBody['code'] | typeof NO_ANSWER;
export type Outcome<T = unknown> =
  | { ok: true; result: T }
  | { ok: false; error: { code: ClientErrorCode; message: string; retryAfterMs?: number } };

export type TransportSignal =
  | { kind: 'connected' }
  | { kind: 'disconnected'; byServer: boolean }
  | { kind: 'refused'; code: string }
  | { kind: 'closing'; reason: ErrorBody }
  | { kind: 'event'; event: WireEvent }
  | { kind: 'presence'; change: PresenceChange };

export interface TalksTransport {
  /** Connects (or reconnects after the server cut the socket). */
  open(): void;
  /** Disconnects for good. */
  close(): void;
  listen(listener: (signal: TransportSignal) => void): () => void;
  command(envelope: CommandEnvelope): Promise<Outcome>;
  sync(request: SyncRequest): Promise<Outcome<SyncResult>>;
  renew(token: string): Promise<Outcome<{ expiresAt: string }>>;
}

const ACK_TIMEOUT_MS = 15_000;

const noAnswer = <T>(): Outcome<T> => ({
  ok: false,
  error: { code: NO_ANSWER, message: 'The server did not answer in time.' },
});

type ParleySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const refusalCode = (error: Error & { data?: unknown }): string => {
  const data = error.data;
  if (typeof data === 'object' && data !== null && 'code' in data && typeof data.code === 'string')
    return data.code;
  return error.message;
};

/** The real transport: Socket.IO over WebSocket, same origin unless a url is given. */
export function socketIoTransport(token: () => string, url?: string): TalksTransport {
  const options = {
    autoConnect: false,
    transports: ['websocket'],
    // A function, so every reconnect presents the latest refreshed token.
    auth: (cb: (data: { token: string }) => void) => cb({ token: token() }),
  };
  const socket: ParleySocket = url === undefined ? io(options) : io(url, options);
  const listeners = new Set<(signal: TransportSignal) => void>();
  const tell = (signal: TransportSignal) => listeners.forEach((listener) => listener(signal));

  socket.on('connect', () => tell({ kind: 'connected' }));
  socket.on('disconnect', (reason) =>
    tell({ kind: 'disconnected', byServer: reason === 'io server disconnect' }),
  );
  socket.on('connect_error', (error: Error & { data?: unknown }) => {
    // Socket.IO retries transport failures by itself; a refusal by the server's
    // middleware leaves the socket inactive and needs a decision from us.
    if (!socket.active) tell({ kind: 'refused', code: refusalCode(error) });
  });
  socket.on('event', (event) => tell({ kind: 'event', event }));
  socket.on('closing', (reason) => tell({ kind: 'closing', reason }));
  socket.on('presence', (change) => tell({ kind: 'presence', change }));

  const request = <T>(
    send: (done: (error: Error | null, answer: Ack<T>) => void) => void,
  ): Promise<Outcome<T>> =>
    new Promise((resolve) => send((error, answer) => resolve(error ? noAnswer<T>() : answer)));

  return {
    open: () => void socket.connect(),
    close: () => void socket.disconnect(),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    command: (envelope) => request((done) => socket.timeout(ACK_TIMEOUT_MS).emit('command', envelope, done)),
    sync: (syncRequest) => request((done) => socket.timeout(ACK_TIMEOUT_MS).emit('sync', syncRequest, done)),
    renew: (fresh) => request((done) => socket.timeout(ACK_TIMEOUT_MS).emit('renew', { token: fresh }, done)),
  };
}
