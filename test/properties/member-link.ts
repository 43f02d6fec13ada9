import { io as connectSocket } from 'socket.io-client';
import type { Ack, Role, SessionGrant, SyncResult, WireEvent } from '../../shared/src/index.js';
import type { TestClient, TestServer } from '../support/server.js';

// One cast member's connection as a careful client keeps it: the events it holds (from
// live fan-out and from `sync`), keyed by (audience, aseq), with anything received twice
// noted; the per-audience cursors it would resume from; and a fresh socket whenever it
// resumes. `verify` compares what it holds with a fresh full `sync`: after any disconnect,
// resume or restart it must hold every event it may read exactly once.

/** Server-side, each socket may send 30 messages in a burst: stay below without timing anything. */
const REQUESTS_PER_SOCKET = 24;

export interface LinkEnv {
  server: TestServer;
  /** Tells the leak check which member an engine connection belongs to. */
  attribute(sid: string, memberId: string): void;
}

const keyOf = (event: WireEvent) => `${event.audience}#${event.aseq}`;

export class MemberLink {
  client: TestClient | null = null;
  removed = false;
  readonly #held = new Map<string, string>();
  readonly #twice: string[] = [];
  readonly #cursors: Record<string, number> = {};
  #liveFrom = 0;
  #requests = 0;

  constructor(
    readonly label: string,
    readonly role: Role,
    readonly partyId: string | null,
    readonly grant: SessionGrant,
    private readonly env: LinkEnv,
  ) {}

  get memberId(): string {
    return this.grant.member.id;
  }

  async connect(): Promise<void> {
    const client = await this.env.server.connect(this.grant.token);
    client.grant = this.grant;
    this.adopt(client, 0);
  }

  /** Takes over a socket opened elsewhere that has already sent `requests` messages. */
  adopt(client: TestClient, requests: number): void {
    this.env.attribute(client.socket.io.engine.id, this.memberId);
    this.client = client;
    this.#liveFrom = 0;
    this.#requests = requests;
  }

  /** First sync after joining: everything so far comes from the log, not from live frames. */
  async initialSync(): Promise<void> {
    const client = this.#online();
    this.#liveFrom = client.events.length;
    this.#absorb(await this.#syncFrom({}));
  }

  async command(type: string, payload: unknown): Promise<Ack> {
    if (this.#requests >= REQUESTS_PER_SOCKET) await this.resume();
    this.#requests += 1;
    return this.#online().command(type, payload);
  }

  /**
   * A sync a curious client might send: cursors naming every audience of the talks, its own or
   * not. The answer is not kept (the leak check reads it from the frames).
   */
  async probe(cursors: Record<string, number>, limit: number | null): Promise<void> {
    if (this.#requests >= REQUESTS_PER_SOCKET) await this.resume();
    this.#requests += 1;
    const client = this.#online();
    const answer: Ack<SyncResult> = (await client.socket
      .timeout(10_000)
      .emitWithAck('sync', { talksId: this.grant.member.talksId, cursors, ...(limit ? { limit } : {}) })) as Ack<SyncResult>;
    if (!answer.ok) throw new Error(`${this.label}'s probing sync was refused: ${answer.error.code}`);
  }

  /** Drops the socket, as a client losing its network would. */
  disconnect(): void {
    if (!this.client) return;
    this.#absorbLive();
    this.client.close();
    this.client.events.length = 0;
    this.client = null;
  }

  /** The server cut this member off (removal): waits until the socket is closed. */
  async cutOff(timeoutMs = 5_000): Promise<void> {
    const client = this.client;
    this.removed = true;
    if (!client) return;
    if (client.socket.connected) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${this.label} was removed but its socket stayed open`)), timeoutMs);
        client.socket.once('disconnect', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    client.events.length = 0;
    this.client = null;
  }

  /** Reconnects with a new socket and syncs from the saved cursors; then checks what it holds. */
  async resume(): Promise<void> {
    this.disconnect();
    await this.connect();
    this.#absorb(await this.#syncFrom({ ...this.#cursors }));
    this.#absorbLive();
    await this.verify('after resuming');
  }

  /** A removed member's token must no longer open a socket; the refused attempt is attributed for the leak check. */
  async expectRefused(): Promise<void> {
    const socket = connectSocket(this.env.server.url, {
      auth: { token: this.grant.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(error.message));
    });
    const sid = socket.io.engine?.id;
    if (sid) this.env.attribute(sid, this.memberId);
    socket.disconnect();
    if (outcome === 'connected') throw new Error(`${this.label} was removed, yet its token opened a socket`);
  }

  /** Holds every event it may read exactly once: the same (audience, aseq, id) set as a fresh full sync. */
  async verify(when: string): Promise<void> {
    this.#absorbLive();
    const full = await this.#syncFrom({});
    const problems: string[] = [];
    if (this.#twice.length > 0) problems.push(`received twice: ${this.#twice.join(', ')}`);
    const fullKeys = new Set<string>();
    const perAudience = new Map<string, number[]>();
    for (const event of full) {
      fullKeys.add(keyOf(event));
      perAudience.set(event.audience, [...(perAudience.get(event.audience) ?? []), event.aseq]);
      const held = this.#held.get(keyOf(event));
      if (held === undefined) problems.push(`missing ${keyOf(event)} (${event.type})`);
      else if (held !== event.id) problems.push(`${keyOf(event)} is another event than the log's`);
    }
    for (const key of this.#held.keys()) if (!fullKeys.has(key)) problems.push(`holds ${key}, which a full sync does not return`);
    for (const [audience, aseqs] of perAudience) {
      if (aseqs.some((aseq, index) => aseq !== index + 1)) problems.push(`${audience} is not numbered 1..n: ${aseqs.join(',')}`);
    }
    if (problems.length > 0) throw new Error(`${this.label} ${when}: ${problems.slice(0, 8).join('; ')}`);
  }

  close(): void {
    this.disconnect();
  }

  #online(): TestClient {
    if (!this.client) throw new Error(`${this.label} is not connected`);
    return this.client;
  }

  async #syncFrom(start: Record<string, number>): Promise<WireEvent[]> {
    const cursors = { ...start };
    const events: WireEvent[] = [];
    for (;;) {
      if (this.#requests >= REQUESTS_PER_SOCKET + 4) throw new Error(`${this.label}: too many requests on one socket`);
      this.#requests += 1;
      const answer: Ack<SyncResult> = await this.#online().sync(cursors);
      if (!answer.ok) throw new Error(`${this.label} could not sync: ${answer.error.code} ${answer.error.message}`);
      events.push(...answer.result.events);
      for (const event of answer.result.events) cursors[event.audience] = Math.max(cursors[event.audience] ?? 0, event.aseq);
      if (!answer.result.more) return events;
    }
  }

  #absorbLive(): void {
    if (!this.client) return;
    this.#absorb(this.client.events.slice(this.#liveFrom));
    this.#liveFrom = this.client.events.length;
  }

  #absorb(events: readonly WireEvent[]): void {
    for (const event of events) {
      const key = keyOf(event);
      if (this.#held.has(key)) this.#twice.push(`${key} (${event.type})`);
      else this.#held.set(key, event.id);
      this.#cursors[event.audience] = Math.max(this.#cursors[event.audience] ?? 0, event.aseq);
    }
  }
}
