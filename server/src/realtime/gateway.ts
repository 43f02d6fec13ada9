import type { FastifyBaseLogger } from 'fastify';
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { FIXED_MESSAGES, LIMITS, type MemberId, type TalksId } from '../../../shared/src/index.js';
import type { TalksService } from '../app/talks-service.js';
import type { TokenService } from '../auth/tokens.js';
import type { BudgetConfig } from '../config.js';
import type { EventLog } from '../log/event-log.js';
import { DomainError } from '../talks/domain-error.js';
import { activeMember } from '../talks/state.js';
import { readableAudiences } from '../visibility/audience.js';
import { membershipAudienceOf } from '../visibility/membership.js';
import { errorBody } from './answer.js';
import { authenticate, HandshakeError, originCheck } from './authenticate.js';
import { Budgets, RateLimited } from './budgets.js';
import { clientAddress } from './client-address.js';
import { Fanout } from './fanout.js';
import { registerHandlers } from './handlers.js';
import { localOf, memberKeyOf } from './socket-local.js';
import { audienceRoom, memberRoom, talksRoom } from './rooms.js';
import { enforceSocketCap } from './socket-cap.js';
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
  budgets: BudgetConfig;
  /** Whether X-Forwarded-For names the client (PARLEY_TRUST_PROXY). */
  trustProxy: boolean;
}

// How often a clustered node asks how many nodes share the budgets, and sweeps its books.
const BUDGET_REFRESH_MS = 10_000;
// Reads of one member that may wait behind the one being served.
const READS_WAITING = 2;

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
  const budgets = budgetsOf(deps.budgets);
  const admitBearer = authenticate(deps.tokens, deps.service);
  // [OPS3] A handshake is a message like any other: it costs the address (before the
  // token is even checked) and then the member, so reconnecting in a loop is bounded too.
  io.use((socket, next) => {
    const address = clientAddress(socket, deps.trustProxy);
    localOf(socket).address = address;
    try {
      budgets.admitAddress(address);
    } catch (error) {
      next(handshakeRefusal(error));
      return;
    }
    void admitBearer(socket, (error) => {
      if (error) return next(error);
      try {
        budgets.admitMember(memberKeyOf(socket));
        next();
      } catch (refused) {
        next(handshakeRefusal(refused));
      }
    });
  });
  const refresh = setInterval(() => {
    budgets.sweep();
    if (deps.clustered) {
      io.of('/')
        .adapter.serverCount()
        .then((nodes) => budgets.setNodeCount(nodes))
        .catch(() => undefined);
    }
  }, BUDGET_REFRESH_MS);
  refresh.unref();
  httpServer.once('close', () => clearInterval(refresh));

  const armExpiry = (socket: ParleySocket) => {
    const local = localOf(socket);
    clearTimeout(local.expiryTimer);
    local.expiryTimer = setTimeout(
      () => cut(socket, new DomainError('AUTH_EXPIRED')),
      Math.max(0, socket.data.expiresAt - Date.now()),
    );
  };

  io.on('connection', (socket) => {
    void admitSocket(io, socket, { ...deps, budgets, socketsPerMember: deps.budgets.socketsPerMember }, armExpiry);
  });

  const fanout = new Fanout(
    io,
    deps.log,
    deps.service.registry,
    (error) => deps.logger.error({ err: error }, 'fan-out failed'),
    deps.clustered,
  );
  // [VIS7] Each event is emitted once, to its audience's room, on every node.
  deps.service.onAppended((talksId, events) => fanout.appended(talksId, events));
  return io;
}

async function admitSocket(
  io: ParleyServer,
  socket: ParleySocket,
  deps: Omit<GatewayDeps, 'budgets'> & { budgets: Budgets; socketsPerMember: number },
  armExpiry: (socket: ParleySocket) => void,
): Promise<void> {
  const { talksId, memberId } = socket.data;
  registerHandlers(socket, { ...deps, armExpiry });
  armExpiry(socket);
  socket.on('disconnect', () => {
    clearTimeout(localOf(socket).expiryTimer);
    // Presence is best effort: with a cluster adapter, a peer that stopped answering (or this
    // node's own adapter closing at shutdown) must not become an unhandled rejection.
    announcePresence(io, deps.service, talksId, memberId, false).catch((error: unknown) =>
      deps.logger.debug({ err: { name: error instanceof Error ? error.name : typeof error } }, 'presence not announced'),
    );
  });
  await joinRooms(io, deps.service, socket);
  if (!socket.connected) return;
  try {
    await enforceSocketCap(io, talksId, memberId, deps.socketsPerMember);
  } catch (error) {
    // Another node did not answer in time: the next admission of this member checks again.
    deps.logger.warn({ err: { name: error instanceof Error ? error.name : typeof error }, talksId }, 'socket cap not checked');
  }
  await announcePresence(io, deps.service, talksId, memberId, true);
}

function budgetsOf(config: BudgetConfig): Budgets {
  return new Budgets({
    messages: { capacity: config.messagesPerSecond * 3, perSecond: config.messagesPerSecond },
    readBytes: { capacity: config.readKibPerSecond * 1024 * 4, perSecond: config.readKibPerSecond * 1024 },
    addressFactor: config.addressFactor,
    readsWaiting: READS_WAITING,
  });
}

function handshakeRefusal(error: unknown): Error {
  if (error instanceof RateLimited) return new HandshakeError('RATE_LIMITED', error.message, error.retryAfterMs);
  return new HandshakeError('INTERNAL', FIXED_MESSAGES.INTERNAL);
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
