import type { MemberId, TalksId } from '../../../shared/src/index.js';
import type { TalksRegistry } from '../app/talks-registry.js';
import type { EventLog, StoredEvent } from '../log/event-log.js';
import { toWireEvent } from '../visibility/view.js';
import { audienceRoom, memberRoom } from './rooms.js';
import type { ParleyServer } from './types.js';

const APPENDED = 'parley:appended';

/** How often a clustered node checks the store for events whose pointer never arrived. */
const SWEEP_MS = 2_000;

const TALKS_ROOM = /^t:([^:]+)$/;

const CATCH_UP_PAGE = 500;

const FANOUTS = new WeakMap<ParleyServer, Fanout>();

/** The fan-out delivering to this Socket.IO server's sockets (the cluster adapter asks it to resync). */
export const fanoutOf = (io: ParleyServer): Fanout | undefined => FANOUTS.get(io);

/** The only thing that crosses the pub/sub channel: where to look, never what was said. */
interface AppendedPointer {
  talksId: TalksId;
  toSeq: number;
}

/**
 * Delivers appended events to this node's sockets, in seq order, each once.
 *
 * Every node delivers only to its own sockets (`io.local`). The node that appended
 * tells the others where the new events end through the adapter; they read them
 * from the shared store and deliver them likewise. Content therefore never travels
 * through PostgreSQL NOTIFY or Redis pub/sub in plain text (DESIGN.md, traps).
 */
export class Fanout {
  /** Per talks, the seq up to which this node has delivered. */
  readonly #delivered = new Map<TalksId, number>();
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly io: ParleyServer,
    private readonly log: EventLog,
    private readonly registry: TalksRegistry,
    private readonly onError: (error: unknown) => void,
    /** Whether other nodes listen through a cluster adapter (the in-memory one cannot relay). */
    private readonly clustered: boolean,
  ) {
    io.on(APPENDED, (pointer: AppendedPointer) => {
      this.#serialise(() => this.#catchUp(pointer.talksId, pointer.toSeq));
    });
    FANOUTS.set(io, this);
    if (!clustered) return;
    // [FLT1] A talks' first socket on this node: remember where the log stood, so
    // that a pointer lost later (a fan-out gap) leaves a known range to replay.
    io.of('/').adapter.on('create-room', (room: string) => {
      const talksId = TALKS_ROOM.exec(room)?.[1] as TalksId | undefined;
      if (talksId === undefined || this.#delivered.has(talksId)) return;
      this.#serialise(async () => {
        if (this.#delivered.has(talksId)) return;
        this.#delivered.set(talksId, (await this.log.head(talksId)).seq);
      });
    });
    io.of('/').adapter.on('delete-room', (room: string) => {
      const talksId = TALKS_ROOM.exec(room)?.[1] as TalksId | undefined;
      if (talksId !== undefined) this.#serialise(() => void this.#delivered.delete(talksId));
    });
    // Pointers travel without acknowledgement: a slow sweep replays whatever one missed.
    this.#sweep = setInterval(() => this.resync(), SWEEP_MS);
    this.#sweep.unref();
  }

  #sweep: NodeJS.Timeout | undefined;

  /**
   * [FLT1] After a gap in fan-out (the listener reconnected, Redis came back) or
   * on the sweep: for every talks with sockets on this node, deliver from the
   * store whatever this node has not delivered yet, in seq order, each once.
   */
  resync(): void {
    for (const talksId of this.#localTalks()) {
      this.#serialise(async () => {
        if (!this.#delivered.has(talksId)) return;
        const head = await this.log.head(talksId);
        await this.#catchUp(talksId, head.seq);
      });
    }
  }

  /** Stops the sweep (the server is closing). */
  stop(): void {
    clearInterval(this.#sweep);
  }

  #localTalks(): TalksId[] {
    const talks: TalksId[] = [];
    for (const room of this.io.of('/').adapter.rooms.keys()) {
      const talksId = TALKS_ROOM.exec(room)?.[1];
      if (talksId !== undefined) talks.push(talksId as TalksId);
    }
    return talks;
  }

  /** Called by the service right after this node appended. */
  appended(talksId: TalksId, events: readonly StoredEvent[]): void {
    const last = events.at(-1);
    if (!last) return;
    this.#serialise(async () => {
      const delivered = this.#delivered.get(talksId) ?? (events[0]?.seq ?? 1) - 1;
      if (delivered < (events[0]?.seq ?? 1) - 1) await this.#catchUp(talksId, (events[0]?.seq ?? 1) - 1);
      this.#deliver(talksId, events);
    });
    if (this.clustered) this.io.serverSideEmit(APPENDED, { talksId, toSeq: last.seq } satisfies AppendedPointer);
  }

  async #catchUp(talksId: TalksId, toSeq: number): Promise<void> {
    const from = this.#delivered.get(talksId) ?? toSeq - 1;
    if (from >= toSeq) return;
    // A long gap is replayed page by page (each page is one store call under its deadline).
    const events = await this.log.read(talksId, from, Math.min(toSeq - from, CATCH_UP_PAGE));
    const state = await this.registry.load(talksId);
    if (state) await this.registry.catchUp(state);
    this.#deliver(talksId, events);
    const reached = this.#delivered.get(talksId) ?? toSeq;
    if (reached < toSeq && events.length > 0) await this.#catchUp(talksId, toSeq);
  }

  #deliver(talksId: TalksId, events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (event.seq <= (this.#delivered.get(talksId) ?? 0)) continue;
      this.#delivered.set(talksId, event.seq);
      this.io.local.to(audienceRoom(talksId, event.audience)).emit('event', toWireEvent(event));
      if (event.type === 'member.removed') this.#cutOff(talksId, event.payload.memberId as MemberId);
      if (event.type === 'session.revoked' || event.type === 'member.reentered') this.#endSessions(talksId, event);
    }
  }

  /**
   * [ID6] [MB8] Sockets whose session just ended hear why and close: those of a revoked
   * family, or, after a re-entry, every socket opened under the member's earlier epoch
   * (not the new session's own, which may already be connected to this node).
   */
  #endSessions(talksId: TalksId, event: StoredEvent): void {
    const memberId = event.payload.memberId as MemberId;
    const familyId = event.type === 'session.revoked' ? (event.payload.familyId as string) : null;
    const state = this.registry.peek(talksId);
    const epoch = state?.members[memberId]?.sessionEpoch;
    const ended = (data: { familyId: string; epoch: number }) =>
      familyId !== null ? data.familyId === familyId : epoch === undefined || data.epoch < epoch;
    const message =
      familyId !== null
        ? 'This session was ended: its sign-in was used from somewhere else. Sign in again.'
        : 'You signed in again elsewhere: this session has ended.';
    void this.io.local
      .in(memberRoom(talksId, memberId))
      .fetchSockets()
      .then((sockets) => {
        for (const socket of sockets) {
          if (!ended(socket.data)) continue;
          socket.emit('closing', { code: 'UNAUTHENTICATED', message });
          socket.disconnect(true);
        }
      })
      .catch(this.onError);
  }

  /** [MB5] A removed member's sockets on this node hear why, then lose every room at once. */
  #cutOff(talksId: TalksId, memberId: MemberId): void {
    const room = memberRoom(talksId, memberId);
    this.io.local.to(room).emit('closing', { code: 'FORBIDDEN', message: 'You were removed from this talks.' });
    this.io.local.in(room).disconnectSockets(true);
  }

  /** Deliveries happen one after another, so events leave in seq order. */
  #serialise(task: () => Promise<void> | void): void {
    this.#chain = this.#chain.then(task).catch(this.onError);
  }
}
