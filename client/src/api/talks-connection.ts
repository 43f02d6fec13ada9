import type { CommandPayloads, CommandType } from '../../../shared/src/commands.js';
import type { ErrorBody } from '../../../shared/src/errors.js';
import type { WireEvent } from '../../../shared/src/events.js';
import type { TalksId } from '../../../shared/src/ids.js';
import { resendDelay } from './outage.js';
import { emptySnapshot, readSnapshot, withPresence, type TalksSnapshot } from './talks-snapshot.js';
import { applyEvent, emptyView, placeOf, type TalksView } from './talks-view.js';
import type { Outcome, TalksTransport, TransportSignal } from './transport.js';

// Keeps one reader's view of one talks live: syncs from the cursors on every
// (re)connect, folds pushed events in order, and re-syncs when one is missing.

export type ConnectionStatus = 'connecting' | 'syncing' | 'online' | 'reconnecting';

/**
 * Why the connection ended: the member was removed, or the session cannot go on (both
 * for good), or the member opened Parley in more windows than the server allows and this
 * one was closed ('replaced': it stays closed until the person chooses to come back,
 * so two windows never take turns closing each other).
 */
export type EndReason = 'removed' | 'session-ended' | 'replaced';

export interface ConnectionState {
  status: ConnectionStatus;
  view: TalksView;
  snapshot: TalksSnapshot;
  ended: EndReason | null;
}

export interface SessionHooks {
  /** Gets a fresh token (refresh); false when the session cannot be refreshed. */
  refresh(): Promise<boolean>;
}

const SYNC_RETRY_MS = 3_000;
// A refusal for being over budget says how long to wait; never retry sooner than this.
const MIN_BUDGET_RETRY_MS = 250;

export class TalksConnection {
  private state: ConnectionState = {
    status: 'connecting',
    view: emptyView(),
    snapshot: emptySnapshot,
    ended: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly pending: WireEvent[] = [];
  private catchingUp = false;
  private closingReason: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly talksId: TalksId,
    private readonly transport: TalksTransport,
    private readonly session: SessionHooks,
  ) {}

  start(): void {
    this.stopListening = this.transport.listen((signal) => this.onSignal(signal));
    this.transport.open();
  }

  /** After 'replaced': the person chose to use this window again (the server then closes the oldest other). */
  resume(): void {
    if (this.state.ended !== 'replaced') return;
    this.update({ ended: null, status: 'connecting' });
    this.start();
  }

  stop(): void {
    this.stopListening?.();
    this.stopListening = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.transport.close();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): ConnectionState => this.state;

  /** Sends a command; the caller keeps the commandId so a retry is the same command. */
  send<K extends CommandType>(type: K, payload: CommandPayloads[K], commandId: string): Promise<Outcome> {
    return this.transport.command({ commandId, talksId: this.talksId, type, payload });
  }

  /** Hands a refreshed token to the live socket so it is not cut at the old expiry. */
  async renew(token: string): Promise<void> {
    await this.transport.renew(token);
  }

  private update(change: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...change };
    this.listeners.forEach((listener) => listener());
  }

  private onSignal(signal: TransportSignal): void {
    switch (signal.kind) {
      case 'connected':
        void this.catchUp();
        return;
      case 'disconnected':
        if (this.state.ended) return;
        this.update({ status: 'reconnecting' });
        // Socket.IO reconnects by itself after a network loss, but not after the
        // server cut us off: come back, with a fresh token if that was the reason.
        if (signal.byServer) this.reopenAfterCut();
        return;
      case 'event':
        this.receive(signal.event);
        return;
      case 'closing':
        this.onClosing(signal.reason);
        return;
      case 'refused':
        void this.onRefused(signal.code);
        return;
      case 'presence':
        if (signal.change.talksId === this.talksId) {
          this.update({
            snapshot: withPresence(this.state.snapshot, signal.change.memberId, signal.change.online),
          });
        }
        return;
    }
  }

  private receive(event: WireEvent): void {
    if (event.talksId !== this.talksId) return;
    if (this.catchingUp) {
      this.pending.push(event);
      return;
    }
    const place = placeOf(this.state.view.cursors, event);
    if (place === 'next') {
      this.update({ view: applyEvent(this.state.view, event) });
    } else if (place === 'gap') {
      this.pending.push(event);
      void this.catchUp();
    }
  }

  /** Fetches every visible event after our cursors, page by page, then drains what arrived meanwhile. */
  private async catchUp(): Promise<void> {
    if (this.catchingUp) return;
    this.catchingUp = true;
    this.update({ status: 'syncing' });
    let more = true;
    while (more) {
      const answer = await this.transport.sync({ talksId: this.talksId, cursors: this.state.view.cursors });
      if (!answer.ok) {
        this.catchingUp = false;
        // Over this member's read budget: wait as long as the server says. An outage (no
        // answer, or the store cannot read in time) passes too: try again shortly.
        if (answer.error.code === 'RATE_LIMITED') {
          this.retryCatchUpLater(answer.error.retryAfterMs);
          return;
        }
        const delay = resendDelay(answer, 0);
        if (delay === null) void this.onRefused(answer.error.code);
        else this.retryCatchUpLater(Math.max(delay, SYNC_RETRY_MS));
        return;
      }
      const view = answer.result.events.reduce(applyEvent, this.state.view);
      this.update({ view });
      more = answer.result.more && answer.result.events.length > 0;
    }
    this.catchingUp = false;
    this.drainPending();
    this.update({ status: 'online' });
    await this.loadSnapshot();
  }

  /**
   * A sync the server never answered, or refused for now (over this member's read
   * budget): try again after the wait it named, from the same cursors.
   */
  private retryCatchUpLater(waitMs: number = SYNC_RETRY_MS): void {
    this.update({ status: 'reconnecting' });
    if (this.retryTimer || !this.stopListening) return;
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.catchUp();
      },
      Math.max(MIN_BUDGET_RETRY_MS, waitMs),
    );
  }

  private drainPending(): void {
    const queued = this.pending.splice(0);
    for (const event of queued) this.receive(event);
  }

  private async loadSnapshot(): Promise<void> {
    const answer = await this.send('talks.get', {}, crypto.randomUUID());
    if (answer.ok) this.update({ snapshot: readSnapshot(answer.result) });
    else if (answer.error.code === 'RATE_LIMITED' && this.stopListening) {
      setTimeout(() => {
        if (this.stopListening) void this.loadSnapshot();
      }, Math.max(MIN_BUDGET_RETRY_MS, answer.error.retryAfterMs ?? SYNC_RETRY_MS));
    }
  }

  /** The server says why it is about to cut the socket; the cut itself triggers the reconnect. */
  private onClosing(reason: ErrorBody): void {
    this.closingReason = reason.code;
    if (reason.code === 'FORBIDDEN') this.end('removed');
    // The member's socket cap closed this one in favour of a newer window: reconnecting
    // would close that one in turn, so this window waits for the person instead.
    if (reason.code === 'RATE_LIMITED') this.end('replaced');
  }

  private reopenAfterCut(): void {
    const reason = this.closingReason;
    this.closingReason = null;
    if (reason === 'AUTH_EXPIRED') void this.reopenWithFreshToken();
    else this.transport.open();
  }

  private async onRefused(code: string): Promise<void> {
    if (code === 'AUTH_EXPIRED') return this.reopenWithFreshToken();
    if (code === 'FORBIDDEN') return this.end('removed');
    if (code === 'UNAUTHENTICATED') return this.end('session-ended');
    this.update({ status: 'reconnecting' });
    // Too many handshakes from this member or address: come back after a pause.
    if (code === 'RATE_LIMITED' && !this.retryTimer && this.stopListening) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.transport.open();
      }, SYNC_RETRY_MS);
    }
  }

  private async reopenWithFreshToken(): Promise<void> {
    this.update({ status: 'reconnecting' });
    if (await this.session.refresh()) this.transport.open();
    else this.end('session-ended');
  }

  private end(reason: EndReason): void {
    this.stop();
    this.update({ ended: reason });
  }
}
