import { io, type Socket } from 'socket.io-client';
import type { WireEvent } from '../shared/src/index.js';
import type { Ticket } from './roster.js';

// The load generator's sockets, one per seat, each remembering the last aseq it
// saw per audience (the cursors it resumes from). Events are handed to whichever
// run is listening; everything else only moves the cursors.

export interface Member {
  ticket: Ticket;
  socket: Socket;
  cursors: Record<string, number>;
}

export type EventListener = (member: Member, event: WireEvent) => void;

interface SyncAnswer {
  ok: boolean;
  result?: { events: WireEvent[]; more: boolean };
  error?: { code: string };
}

const CONNECT_TIMEOUT_MS = 60_000;

export class Fleet {
  readonly #members = new Map<string, Member>();
  listener: EventListener | undefined;

  constructor(private readonly url: string) {}

  get size(): number {
    return this.#members.size;
  }

  member(memberId: string): Member {
    const found = this.#members.get(memberId);
    if (!found) throw new Error(`no socket for member ${memberId}`);
    return found;
  }

  /** Connects a socket per ticket, `concurrency` handshakes at a time. */
  async connect(tickets: readonly Ticket[], concurrency = 200): Promise<{ connected: number; failed: number; ms: number }> {
    const started = performance.now();
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < tickets.length) {
        const ticket = tickets[next++];
        if (!ticket) break;
        try {
          await this.#open(ticket, this.#members.get(ticket.memberId)?.cursors ?? {});
        } catch {
          failed++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, tickets.length) }, worker));
    return { connected: tickets.length - failed, failed, ms: performance.now() - started };
  }

  /** Drops these members' sockets; their cursors are kept for the resume. */
  disconnect(memberIds: readonly string[]): void {
    for (const id of memberIds) this.#members.get(id)?.socket.disconnect();
  }

  /**
   * Reconnects these members all at once and has each call `sync` from its cursors
   * until nothing more is waiting. Resolves with the time until the last one is current.
   */
  async resume(memberIds: readonly string[]): Promise<{ ms: number; events: number; failed: number }> {
    const started = performance.now();
    let events = 0;
    let failed = 0;
    await Promise.all(
      memberIds.map(async (id) => {
        const old = this.member(id);
        try {
          const member = await this.#open(old.ticket, old.cursors);
          events += await catchUp(member);
        } catch {
          failed++;
        }
      }),
    );
    return { ms: performance.now() - started, events, failed };
  }

  closeAll(): void {
    for (const member of this.#members.values()) member.socket.disconnect();
    this.#members.clear();
  }

  #open(ticket: Ticket, cursors: Record<string, number>): Promise<Member> {
    const socket = io(ticket.url ?? this.url, {
      auth: { token: ticket.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: CONNECT_TIMEOUT_MS,
    });
    const member: Member = { ticket, socket, cursors };
    socket.on('event', (event: WireEvent) => {
      if (event.aseq > (member.cursors[event.audience] ?? 0)) member.cursors[event.audience] = event.aseq;
      this.listener?.(member, event);
    });
    return new Promise<Member>((resolve, reject) => {
      socket.once('connect', () => {
        this.#members.set(ticket.memberId, member);
        resolve(member);
      });
      socket.once('connect_error', (error) => {
        socket.disconnect();
        reject(error);
      });
    });
  }
}

/** Pages through `sync` from the member's cursors; returns how many events it replayed. */
async function catchUp(member: Member): Promise<number> {
  let replayed = 0;
  for (;;) {
    const answer = (await member.socket.timeout(CONNECT_TIMEOUT_MS).emitWithAck('sync', {
      talksId: member.ticket.talksId,
      cursors: member.cursors,
    })) as SyncAnswer;
    if (!answer.ok || !answer.result) throw new Error(`sync refused: ${answer.error?.code ?? 'unknown'}`);
    for (const event of answer.result.events) {
      if (event.aseq > (member.cursors[event.audience] ?? 0)) member.cursors[event.audience] = event.aseq;
    }
    replayed += answer.result.events.length;
    if (!answer.result.more) return replayed;
  }
}
