import type { TalksId } from '../../../shared/src/index.js';
import type { StoreDeadlines } from './store-deadlines.js';
import type {
  AppendOutcome,
  AppendRequest,
  AudienceCursor,
  ChainHead,
  CommandRecord,
  EntryRow,
  EventLog,
  RawEntry,
  StoredEvent,
} from '../log/event-log.js';
import { DomainError, isDomainError } from '../talks/domain-error.js';
import { storeFaultReason } from './store-fault.js';

/** How long a client should wait before retrying a command answered UNAVAILABLE. */
export const RETRY_AFTER_MS = 1_000;

/** [FLT2] The one answer to "the store could not decide or save this in time". */
export const unavailable = (reason: string): DomainError =>
  new DomainError(
    'UNAVAILABLE',
    `The server cannot save right now (${reason}). Try again shortly with the same commandId.`,
    RETRY_AFTER_MS,
  );

/**
 * Wraps any event log so that no call outlives its deadline and no store fault
 * escapes as a bare driver error: a call still running at its deadline, or one
 * failing because the database or the disk is away, rejects with UNAVAILABLE
 * (retryAfterMs). The store's own limits (statement_timeout, the pool's connect
 * timeout) normally fire first; these timers are the net under them, and the
 * only limit on the SQLite writer. A late outcome is dropped: an append that
 * committed after its caller heard UNAVAILABLE is found by its commandId when
 * the client retries (the command record is written in the same transaction).
 */
export class GuardedEventLog implements EventLog {
  readonly scanEntries?: (talksId: TalksId, visit: (rows: readonly EntryRow[]) => boolean) => Promise<ChainHead>;

  constructor(
    private readonly inner: EventLog,
    private readonly deadlines: StoreDeadlines,
  ) {
    const scan = inner.scanEntries?.bind(inner);
    // The audit's scan reads a whole talks: it gets no deadline, only the fault mapping.
    if (scan) this.scanEntries = (talksId, visit) => guard(scan(talksId, visit), undefined);
  }

  /** The store under the guard (tests and the health probe's cache reach through). */
  get store(): EventLog {
    return this.inner;
  }

  append(request: AppendRequest): Promise<AppendOutcome> {
    // Connecting, every statement and the COMMIT: the commit deadline plus one connect.
    return guard(this.inner.append(request), this.deadlines.commitMs + this.deadlines.connectMs);
  }

  read(talksId: TalksId, afterSeq: number, limit?: number): Promise<StoredEvent[]> {
    return guard(this.inner.read(talksId, afterSeq, limit), this.#readMs());
  }

  readAudiences(talksId: TalksId, cursors: AudienceCursor[], limit: number): Promise<StoredEvent[]> {
    return guard(this.inner.readAudiences(talksId, cursors, limit), this.#readMs());
  }

  findCommand(talksId: TalksId, commandId: string): Promise<CommandRecord | undefined> {
    return guard(this.inner.findCommand(talksId, commandId), this.#readMs());
  }

  head(talksId: TalksId): Promise<ChainHead> {
    return guard(this.inner.head(talksId), this.#readMs());
  }

  readEntries(talksId: TalksId, afterSeq: number, limit: number): Promise<RawEntry[]> {
    return guard(this.inner.readEntries(talksId, afterSeq, limit), this.#readMs());
  }

  listTalks(): Promise<TalksId[]> {
    return guard(this.inner.listTalks(), this.#readMs());
  }

  indexInvite(codeHash: string, talksId: TalksId): Promise<void> {
    return guard(this.inner.indexInvite(codeHash, talksId), this.deadlines.commitMs + this.deadlines.connectMs);
  }

  findInviteTalks(codeHash: string): Promise<TalksId | undefined> {
    return guard(this.inner.findInviteTalks(codeHash), this.#readMs());
  }

  probeCommit(): Promise<void> {
    if (!this.inner.probeCommit) return Promise.resolve();
    return guard(this.inner.probeCommit(), this.deadlines.commitMs);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  #readMs(): number {
    return this.deadlines.queryMs + this.deadlines.connectMs;
  }
}

/** Races the store's promise against its deadline and turns store faults into UNAVAILABLE. */
export const guard = <T>(work: Promise<T>, deadlineMs: number | undefined): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => reject(unavailable(`the store did not answer within ${deadlineMs} ms`)), deadlineMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(asStoreError(error));
      },
    );
  });

/** A domain answer passes; a fault of the database or the disk becomes UNAVAILABLE; anything else is a bug. */
export const asStoreError = (error: unknown): Error => {
  if (isDomainError(error) && error.code !== 'INTERNAL') return error;
  const reason = storeFaultReason(error);
  if (reason !== undefined) {
    const answer = unavailable(reason);
    answer.cause = error;
    return answer;
  }
  return error instanceof Error ? error : new Error(String(error));
};
