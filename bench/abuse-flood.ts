import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { serveParent } from './child.js';

// The flooding member of the abuse run, in its own process: one token, 50 sockets,
// each repeating `sync` from empty cursors with several in flight, posting commands,
// and now and then sending an oversized frame (64-128 KiB: refused with an answer;
// over 128 KiB: the transport drops the connection). A socket that is closed (by the
// socket cap, or for an oversized frame) is opened again after a short pause, as a
// misbehaving client would. Bounded: it stops at the deadline and closes everything.

export interface FloodOptions {
  url: string;
  token: string;
  talksId: string;
  sockets: number;
  durationMs: number;
}

export interface FloodReport {
  answers: Record<string, number>;
  syncBytes: number;
  connects: number;
  closedByServer: number;
  refusedHandshakes: number;
}

const IN_FLIGHT_PER_SOCKET = 4;
const REOPEN_MS = 500;
const ACK_TIMEOUT_MS = 30_000;

async function flood(options: FloodOptions): Promise<FloodReport> {
  const report: FloodReport = { answers: {}, syncBytes: 0, connects: 0, closedByServer: 0, refusedHandshakes: 0 };
  const count = (key: string) => (report.answers[key] = (report.answers[key] ?? 0) + 1);
  const deadline = performance.now() + options.durationMs;
  const live = new Set<Socket>();
  const midSize = 'x'.repeat(100 * 1024);
  const overSize = 'x'.repeat(200 * 1024);

  const open = () => {
    if (performance.now() >= deadline) return;
    const socket = io(options.url, { auth: { token: options.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    live.add(socket);
    socket.on('connect', () => {
      report.connects++;
      for (let i = 0; i < IN_FLIGHT_PER_SOCKET; i++) loop(socket, i);
    });
    socket.on('connect_error', () => {
      report.refusedHandshakes++;
      live.delete(socket);
      setTimeout(open, REOPEN_MS);
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect' || reason === 'transport close') report.closedByServer++;
      live.delete(socket);
      setTimeout(open, REOPEN_MS);
    });
  };

  const loop = (socket: Socket, lane: number) => {
    let n = 0;
    const next = () => {
      if (!socket.connected || performance.now() >= deadline) return;
      n++;
      const done = (error: Error | null, answer: { ok: boolean; error?: { code: string }; result?: unknown }) => {
        if (error) count('NO_ANSWER');
        else count(answer.ok ? 'ok' : (answer.error?.code ?? 'UNKNOWN'));
        next();
      };
      if (lane === 0 && n % 50 === 0) {
        // Over the transport's limit: the connection is dropped without an answer.
        socket.emit('command', { commandId: randomUUID(), talksId: options.talksId, type: 'message.post', payload: { audience: 'caucus', text: overSize } });
        return;
      }
      if (lane === 1 && n % 5 === 0) {
        socket.timeout(ACK_TIMEOUT_MS).emit('command', { commandId: randomUUID(), talksId: options.talksId, type: 'message.post', payload: { audience: 'caucus', text: midSize } }, done);
      } else if (lane === 1) {
        socket.timeout(ACK_TIMEOUT_MS).emit('command', { commandId: randomUUID(), talksId: options.talksId, type: 'message.post', payload: { audience: 'caucus', text: `flood ${n}` } }, done);
      } else {
        socket.timeout(ACK_TIMEOUT_MS).emit('sync', { talksId: options.talksId, cursors: {} }, (error: Error | null, answer: { ok: boolean; error?: { code: string }; result?: { events: unknown[] } }) => {
          if (!error && answer.ok) report.syncBytes += JSON.stringify(answer.result).length;
          done(error, answer);
        });
      }
    };
    next();
  };

  for (let i = 0; i < options.sockets; i++) open();
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  for (const socket of live) socket.disconnect();
  live.clear();
  return report;
}

serveParent({ flood: (options: FloodOptions) => flood(options) });
