import type { FastifyBaseLogger } from 'fastify';
import {
  commandEnvelopeSchema,
  LIMITS,
  READ_COMMANDS,
  syncRequestSchema,
  type CommandType,
  type Ack,
  type MemberId,
  type SyncResult,
  type TalksId,
} from '../../../shared/src/index.js';
import type { TalksService } from '../app/talks-service.js';
import type { TokenService } from '../auth/tokens.js';
import { DomainError, isDomainError, notFound } from '../talks/domain-error.js';
import type { TalksView } from '../visibility/view.js';
import { ackOf, errorBody, jsonBytes } from './answer.js';
import { RateLimited, readCost, type Budgets } from './budgets.js';
import { localOf, memberKeyOf } from './socket-local.js';
import type { ParleySocket } from './types.js';

export interface HandlerDeps {
  service: TalksService;
  tokens: TokenService;
  logger: FastifyBaseLogger;
  online(talksId: TalksId, memberIds: readonly MemberId[]): Promise<MemberId[]>;
  /** Cuts the socket off when its token expires. */
  armExpiry(socket: ParleySocket): void;
  budgets: Budgets;
}

// Packets queued for a socket that has not taken the previous ones yet: past this, its
// reads wait, so a client that never reads cannot pile answers up in the server's memory.
const MAX_QUEUED_PACKETS = 16;
const SLOW_READER_RETRY_MS = 500;

/**
 * [OPS3] Checks shared by every client message, cheapest first: the socket's rate, the
 * member's and the address's budgets (across all their sockets), then size and expiry.
 */
function admit(socket: ParleySocket, message: unknown, budgets: Budgets): void {
  if (!localOf(socket).bucket.take()) throw new RateLimited(100, 'Too many commands: wait a moment and retry.');
  budgets.admitMessage(memberKeyOf(socket), localOf(socket).address);
  if (jsonBytes(message) > LIMITS.maxMessageBytes) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `Messages are limited to ${LIMITS.maxMessageBytes / 1024} KiB.`);
  }
  if (Date.now() >= socket.data.expiresAt) throw new DomainError('AUTH_EXPIRED');
}

/**
 * [OPS4] A read runs through the member's read budget and one-at-a-time gate, and is
 * charged what it answered; a socket still holding unsent answers reads nothing more.
 */
function budgetedRead<T>(socket: ParleySocket, budgets: Budgets, produce: () => Promise<T>, size: (answer: T) => number): Promise<T> {
  if (queuedPackets(socket) > MAX_QUEUED_PACKETS) {
    throw new RateLimited(SLOW_READER_RETRY_MS, 'Earlier answers have not reached this connection yet: retry in a moment.');
  }
  return budgets.read(memberKeyOf(socket), localOf(socket).address, produce, (answer) =>
    readCost(jsonBytes(answer), size(answer)),
  );
}

// engine.io keeps packets it could not hand to the transport yet in `writeBuffer`
// (not in its public types): it grows when the client does not read.
const queuedPackets = (socket: ParleySocket): number =>
  (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;

export function registerHandlers(socket: ParleySocket, deps: HandlerDeps): void {
  const { service, logger } = deps;
  const { talksId, memberId } = socket.data;

  socket.on('command', async (envelope: unknown, rawAck: unknown) => {
    const ack = ackOf<unknown>(rawAck);
    const started = performance.now();
    let type = 'invalid';
    let commandId: string | undefined;
    try {
      admit(socket, envelope, deps.budgets);
      const parsed = commandEnvelopeSchema.safeParse(envelope);
      if (!parsed.success) throw new DomainError('INVALID_INPUT', 'A command is { commandId (UUID), talksId, type, payload }.');
      ({ type, commandId } = parsed.data);
      if (parsed.data.talksId !== talksId) throw notFound();
      const { payload } = parsed.data;
      const run = async () => {
        const result = await service.execute(talksId, memberId, parsed.data.commandId, type, payload);
        return type === 'talks.get' ? await withPresence(deps, talksId, result as TalksView) : result;
      };
      const isRead = READ_COMMANDS.has(type as CommandType);
      ack({ ok: true, result: isRead ? await budgetedRead(socket, deps.budgets, run, () => 0) : await run() });
      logCommand(logger, { talksId, memberId, commandId, type, ok: true, started });
    } catch (error) {
      const body = errorBody(error);
      ack({ ok: false, error: body });
      logCommand(logger, { talksId, memberId, commandId, type, ok: false, code: body.code, started });
      if (!isDomainError(error)) logger.error({ err: safeError(error), talksId, commandId }, 'command failed unexpectedly');
      if (body.code === 'AUTH_EXPIRED' || body.code === 'FORBIDDEN') await cutIfGone(socket, deps, body.code);
    }
  });

  socket.on('sync', async (request: unknown, rawAck: unknown) => {
    const ack = ackOf<SyncResult>(rawAck);
    try {
      admit(socket, request, deps.budgets);
      const parsed = syncRequestSchema.safeParse(request);
      if (!parsed.success) throw new DomainError('INVALID_INPUT', 'sync takes { talksId, cursors: { audience: aseq } }.');
      if (parsed.data.talksId !== talksId) throw notFound();
      const { cursors, limit } = parsed.data;
      const page = await budgetedRead(
        socket,
        deps.budgets,
        () => service.sync(talksId, memberId, cursors, limit),
        (answer) => answer.events.length,
      );
      ack({ ok: true, result: page });
    } catch (error) {
      ack({ ok: false, error: errorBody(error) } satisfies Ack<never>);
      if (!isDomainError(error)) logger.error({ err: safeError(error), talksId }, 'sync failed unexpectedly');
    }
  });

  socket.on('renew', async (request: unknown, rawAck: unknown) => {
    const ack = ackOf<{ expiresAt: string }>(rawAck);
    try {
      admit(socket, request, deps.budgets);
      const token = (request as { token?: unknown } | null)?.token;
      if (typeof token !== 'string') throw new DomainError('INVALID_INPUT', 'renew takes { token }.');
      const claims = await deps.tokens.verifySession(token);
      if (claims.memberId !== memberId || claims.talksId !== talksId) throw new DomainError('UNAUTHENTICATED');
      socket.data.expiresAt = claims.exp * 1000;
      deps.armExpiry(socket);
      ack({ ok: true, result: { expiresAt: new Date(socket.data.expiresAt).toISOString() } });
    } catch (error) {
      ack({ ok: false, error: errorBody(error) });
    }
  });
}

/** [VIS8] Presence of exactly the members the caller's view already lists. */
async function withPresence(deps: HandlerDeps, talksId: TalksId, view: TalksView): Promise<TalksView & { online: MemberId[] }> {
  return { ...view, online: await deps.online(talksId, view.members.map((member) => member.id)) };
}

/** A removed member or an expired token loses the socket, not just the command. */
async function cutIfGone(socket: ParleySocket, deps: HandlerDeps, code: 'AUTH_EXPIRED' | 'FORBIDDEN'): Promise<void> {
  const still = await deps.service.findActiveMember(socket.data.talksId, socket.data.memberId);
  if (code === 'AUTH_EXPIRED' || !still) {
    socket.emit('closing', errorBody(new DomainError(code === 'FORBIDDEN' ? 'FORBIDDEN' : 'AUTH_EXPIRED', code === 'FORBIDDEN' ? 'You are no longer a member of this talks.' : undefined)));
    socket.disconnect(true);
  }
}

interface CommandLog {
  talksId: string;
  memberId: string;
  commandId: string | undefined;
  type: string;
  ok: boolean;
  code?: string;
  started: number;
}

/** [OPS1] One line per command: ids, type, outcome and timing; never a payload. */
function logCommand(logger: FastifyBaseLogger, entry: CommandLog): void {
  const { started, ...fields } = entry;
  logger.info({ ...fields, ms: Math.round((performance.now() - started) * 100) / 100 }, 'command');
}

/** An unexpected error, logged by name and stack only: messages can quote input. */
const safeError = (error: unknown) =>
  error instanceof Error ? { name: error.name, stack: error.stack?.split('\n').slice(1, 6).join('\n') } : { name: typeof error };
