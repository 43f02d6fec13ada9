import type { SessionGrant } from '../../../shared/src/protocol.js';
import { HttpError, refreshSession } from './http.js';
import { loadSession, refreshDelayMs, saveSession } from './session-storage.js';

// Keeps a session alive: refreshes the token shortly before it expires, stores
// the new grant, and tells the live connection about it.

const NETWORK_RETRY_MS = 5_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRYABLE: ReadonlySet<string> = new Set(['NETWORK', 'INTERNAL', 'RATE_LIMITED']);

export interface SessionKeeperOptions {
  refresh?: (refreshToken: string) => Promise<SessionGrant>;
  /** Called with each new grant, after it is stored. */
  onRenewed?: (grant: SessionGrant) => void;
  /** Called once when the server will not refresh the session any more. */
  onEnded?: () => void;
}

export class SessionKeeper {
  private current: SessionGrant;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<boolean> | null = null;
  private stopped = false;

  constructor(
    grant: SessionGrant,
    private readonly options: SessionKeeperOptions = {},
  ) {
    this.current = grant;
  }

  get grant(): SessionGrant {
    return this.current;
  }

  token = (): string => this.current.token;

  start(): void {
    this.stopped = false;
    this.schedule(Date.now());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Refreshes now (one call at a time); resolves false when the session is over. */
  refresh(): Promise<boolean> {
    this.inFlight ??= this.refreshUntilAnswered().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private schedule(issuedAt: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    // Timers overflow past 2^31 - 1 ms and would fire at once.
    const delay = Math.min(refreshDelayMs(this.current, Date.now(), issuedAt), MAX_TIMER_MS);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refreshUntilAnswered(): Promise<boolean> {
    const refresh = this.options.refresh ?? ((token: string) => refreshSession(token));
    while (!this.stopped) {
      // [ID6] A refresh token works once: if another tab of this browser already
      // refreshed, take its newer grant instead of presenting a used token (which
      // would end the whole sign-in).
      const stored = loadSession();
      if (
        stored !== null &&
        stored.member.id === this.current.member.id &&
        stored.refreshToken !== this.current.refreshToken &&
        Date.parse(stored.expiresAt) > Date.parse(this.current.expiresAt)
      ) {
        this.current = stored;
        this.schedule(Date.now());
        this.options.onRenewed?.(this.current);
        return true;
      }
      try {
        this.current = await refresh(this.current.refreshToken);
        saveSession(this.current);
        this.schedule(Date.now());
        this.options.onRenewed?.(this.current);
        return true;
      } catch (error) {
        // A network failure or a busy server is worth waiting out; a refusal is final.
        if (!(error instanceof HttpError) || !RETRYABLE.has(error.code)) {
          this.stop();
          this.options.onEnded?.();
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, NETWORK_RETRY_MS));
      }
    }
    return false;
  }
}
