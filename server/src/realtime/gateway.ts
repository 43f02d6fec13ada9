import type { FastifyBaseLogger } from 'fastify';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { LIMITS, type MemberId, type TalksId } from '../../../shared/src/index.js';
import type { TalksService } from '../app/talks-service.js';
import type { TokenService } from '../auth/tokens.js';
import type { EventLog } from '../log/event-log.js';
import { DomainError } from '../talks/domain-error.js';
import { activeMember } from '../talks/state.js';
import { readableAudiences } from '../visibility/audience.js';
import { membershipAudienceOf } from '../visibility/membership.js';
import { errorBody } from './answer.js';
import { authenticate, originCheck } from './authenticate.js';
import { Fanout } from './fanout.js';
import { registerHandlers } from './handlers.js';
import { localOf } from './socket-local.js';
import { audienceRoom, memberRoom, talksRoom } from './rooms.js';
import type { ParleyServer, ParleySocket } from './types.js';

export interface GatewayDeps {
  service: TalksService;
  tokens: TokenService;
  logger: FastifyBaseLogger;
  allowedOrigins: readonly string[];
  /** The public URL: its host is one the handshake may name ([ID9]). */
  publicUrl: string;
  log: EventLog;
  /** True when a cluster adapter links this node to others (PARLEY_FANOUT is not local). */
  clustered: boolean;
  /** Which of these members are connected anywhere (every node, through the adapter). */
  online(talksId: TalksId, memberIds: readonly MemberId[]): Promise<MemberId[]>;
}

/**
 * The Socket.IO edge: authenticates at the handshake, joins each socket to the rooms
 * its member may read, passes commands to the service and fans appended events out,
 * each once, to its audience's room. Connection-state recovery stays off: it would
 * skip authentication and restore stale rooms; clients resume with `sync` instead.
 */
export function attachGateway(httpServer: HttpServer, deps: GatewayDeps): ParleyServer {
  const io: ParleyServer = new Server(httpServer, {
    serveClient: false,
    // The engine drops anything far over the limit; between the two, commands get PAYLOAD_TOO_LARGE.
    maxHttpBufferSize: LIMITS.maxMessageBytes * 2,
    allowRequest: originCheck(deps.allowedOrigins, deps.publicUrl),
    cors: { origin: [...deps.allowedOrigins], credentials: false },
  });
  const admitBearer = authenticate(deps.tokens, deps.service);
  io.use((socket, next) => {
    void admitBearer(socket, next);
  });

  const armExpiry = (socket: ParleySocket) => {
    const local = localOf(socket);
    clearTimeout(local.expiryTimer);
    local.expiryTimer = setTimeout(
      () => cut(socket, new DomainError('AUTH_EXPIRED')),
      Math.max(0, socket.data.expiresAt - Date.now()),
    );
  };

  io.on('connection', (socket) => {
    void admitSocket(io, socket, deps, armExpiry);
  });

  const fanout = new Fanout(
    io,
    deps.log,
    deps.service.registry,
    (error) => deps.logger.error({ err: { name: error instanceof Error ? error.name : typeof error } }, 'fan-out failed'),
    deps.clustered,
  );
  // [VIS7] Each event is emitted once, to its audience's room, on every node.
  deps.service.onAppended((talksId, events) => fanout.appended(talksId, events));
  return io;
}

async function admitSocket(
  io: ParleyServer,
  socket: ParleySocket,
  deps: GatewayDeps,
  armExpiry: (socket: ParleySocket) => void,
): Promise<void> {
  const { talksId, memberId } = socket.data;
  registerHandlers(socket, { ...deps, armExpiry });
  armExpiry(socket);
  socket.on('disconnect', () => {
    clearTimeout(localOf(socket).expiryTimer);
    void announcePresence(io, deps.service, talksId, memberId, false);
  });
  await joinRooms(io, deps.service, socket);
  await announcePresence(io, deps.service, talksId, memberId, true);
}

/** [VIS6] Rooms follow the member's readable audiences, recomputed from the current state. */
async function joinRooms(io: ParleyServer, service: TalksService, socket: ParleySocket): Promise<void> {
  const { talksId, memberId } = socket.data;
  const state = await service.registry.load(talksId);
  const member = state && activeMember(state, memberId);
  if (!state || !member) {
    cut(socket, new DomainError('FORBIDDEN', 'You are no longer a member of this talks.'));
    return;
  }
  const wanted = new Set([talksRoom(talksId), memberRoom(talksId, memberId)]);
  for (const audience of readableAudiences(state, member)) wanted.add(audienceRoom(talksId, audience));
  for (const room of socket.rooms) if (room !== socket.id && !wanted.has(room)) await socket.leave(room);
  await socket.join([...wanted]);
}

function cut(socket: ParleySocket, error: DomainError): void {
  socket.emit('closing', errorBody(error));
  socket.disconnect(true);
}

/** Presence goes to those who may know the member: the audience of its member.joined event. */
async function announcePresence(
  io: ParleyServer,
  service: TalksService,
  talksId: TalksId,
  memberId: MemberId,
  online: boolean,
): Promise<void> {
  const state = await service.registry.load(talksId);
  const member = state?.members[memberId];
  if (!member || member.removed) return;
  if (!online) {
    const still = await io.in(memberRoom(talksId, memberId)).fetchSockets();
    if (still.length > 0) return;
  }
  io.to(audienceRoom(talksId, membershipAudienceOf(member))).emit('presence', { talksId, memberId, online });
}

/** Ids of the given members that have at least one socket connected. */
export async function onlineMembers(io: ParleyServer, talksId: TalksId, memberIds: readonly MemberId[]): Promise<MemberId[]> {
  const sockets = await io.in(talksRoom(talksId)).fetchSockets();
  const online = new Set(sockets.map((socket) => socket.data.memberId));
  return memberIds.filter((id) => online.has(id));
}
