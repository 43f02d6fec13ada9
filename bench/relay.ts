import { randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type DefaultEventsMap } from 'socket.io';
import { LIMITS } from '../shared/src/index.js';
import { readRelayToken, type RelayClaims } from './roster.js';

// T2, the baseline: a bare Socket.IO relay. Same rooms per socket as Parley (a
// delegation member reads its caucus, its room, joint and gallery; a mediator
// reads both rooms, mediation, joint and gallery; an observer the gallery) and
// the same event shapes and sizes, but it trusts every handshake, validates
// nothing and stores nothing: what Parley costs on top of this is the price of
// authentication, validation, the durable hash-chained append and the audience rules.

type RelayServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RelayClaims>;

export interface RunningRelay {
  url: string;
  port: number;
  io: RelayServer;
  close(): Promise<void>;
}

/** Starts the relay on 127.0.0.1 (port 0: any free port). */
export async function startRelay(port = 0): Promise<RunningRelay> {
  const http = createServer();
  const io = attachRelay(http);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const bound = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    io,
    close: async () => {
      io.disconnectSockets(true);
      await io.close();
    },
  };
}

export function attachRelay(http: HttpServer): RelayServer {
  const io: RelayServer = new Server(http, { serveClient: false, maxHttpBufferSize: LIMITS.maxMessageBytes * 2 });
  const aseqs = new Map<string, number>();
  const nextAseq = (talksId: string, audience: string) => {
    const key = `${talksId}:${audience}`;
    const next = (aseqs.get(key) ?? 0) + 1;
    aseqs.set(key, next);
    return next;
  };

  io.use((socket, next) => {
    try {
      socket.data = readRelayToken(String((socket.handshake.auth as { token?: unknown }).token));
      next();
    } catch {
      next(new Error('UNAUTHENTICATED'));
    }
  });

  io.on('connection', (socket) => {
    const claims = socket.data;
    const { talksId } = claims;
    void socket.join([`t:${talksId}`, `t:${talksId}:m:${claims.memberId}`, ...roomsOf(claims).map((a) => `t:${talksId}:a:${a}`)]);
    const presence = (online: boolean) =>
      io.to(`t:${talksId}:a:${membershipAudience(claims)}`).emit('presence', { talksId, memberId: claims.memberId, online });
    presence(true);
    socket.on('disconnect', () => presence(false));

    const emitEvent = (audience: string, type: string, payload: Record<string, unknown>) =>
      io.to(`t:${talksId}:a:${audience}`).emit('event', {
        talksId,
        id: randomUUID(),
        audience,
        aseq: nextAseq(talksId, audience),
        type,
        at: new Date().toISOString(),
        actor: { id: claims.memberId, role: claims.role, partyId: claims.partyId, displayName: claims.role },
        payload,
      });

    socket.on('command', (envelope: { type?: string; payload?: Record<string, unknown> }, ack: (answer: unknown) => void) => {
      const payload = envelope.payload ?? {};
      const result: Record<string, unknown> = {};
      if (envelope.type === 'submission.create' && claims.partyId) {
        result.submissionId = randomUUID();
        emitEvent(`room:${claims.partyId}`, 'submission.created', { ...result, partyId: claims.partyId, text: payload.text, disclosure: payload.disclosure });
      } else if (envelope.type === 'conveyance.create') {
        const toPartyId = String(payload.toPartyId);
        const fromPartyId = claims.parties.find((party) => party !== toPartyId) ?? toPartyId;
        result.conveyanceId = randomUUID();
        emitEvent(`room:${toPartyId}`, 'conveyance.delivered', { conveyanceId: result.conveyanceId, toPartyId, text: payload.text });
        emitEvent(`room:${fromPartyId}`, 'conveyance.disclosed', {
          conveyanceId: result.conveyanceId,
          fromPartyId,
          toPartyId,
          text: payload.text,
          submissionId: payload.submissionId ?? null,
          responseId: null,
        });
      }
      if (typeof ack === 'function') ack({ ok: true, result });
    });
    // Nothing is stored, so there is nothing to replay.
    socket.on('sync', (_request: unknown, ack: (answer: unknown) => void) => {
      if (typeof ack === 'function') ack({ ok: true, result: { events: [], more: false } });
    });
  });
  return io;
}

// The rooms a Parley member of this role joins (mirrors readableAudiences, for the baseline only).
function roomsOf(claims: RelayClaims): string[] {
  switch (claims.role) {
    case 'lead-mediator':
    case 'co-mediator':
      return [...claims.parties.map((party) => `room:${party}`), 'mediation', 'joint', 'gallery'];
    case 'head':
    case 'delegate':
      return [`caucus:${claims.partyId}`, `room:${claims.partyId}`, 'joint', 'gallery'];
    case 'observer':
      return ['gallery'];
  }
}

function membershipAudience(claims: RelayClaims): string {
  if (claims.role === 'head' || claims.role === 'delegate') return `room:${claims.partyId}`;
  return claims.role === 'observer' ? 'mediation' : 'joint';
}
