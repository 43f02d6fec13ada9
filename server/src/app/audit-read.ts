import { LIMITS, type AuditChainStatus, type AuditPage, type TalksId } from '../../../shared/src/index.js';
import type { EventLog } from '../log/event-log.js';
import { ChainVerifier, parseStoredEvent, type ChainVerdict } from '../log/hash-chain.js';
import type { Member, TalksState } from '../talks/state.js';
import { auditEntryView } from '../visibility/audit-view.js';

const VERIFY_PAGE = 10_000;

/**
 * Answers audit.read: a page of the full log with the chain's status, each entry as the
 * reader may see it (visibility/audit-view.ts: content only of audiences the reader
 * reads; the rest sealed, with its place and hashes). The full stored bytes leave the
 * server only through the operator's offline `audit export`. The chain is
 * verified incrementally (each entry once per process), so reading the audit of a
 * long talks does not re-hash its whole history on every page.
 */
export class AuditReader {
  readonly #verifiers = new Map<TalksId, ChainVerifier>();

  constructor(private readonly log: EventLog) {}

  async read(
    state: TalksState,
    reader: Member,
    { afterSeq = 0, limit = 100 }: { afterSeq?: number; limit?: number },
  ): Promise<AuditPage> {
    const chain = await this.#verify(state.id);
    const page = await this.log.readEntries(state.id, afterSeq, Math.min(limit, LIMITS.maxAuditPage));
    const entries = page.map((entry) =>
      auditEntryView(state, reader, entry, parseStoredEvent(entry.body, entry.prevHash, entry.hash)),
    );
    return { entries, chain: chainStatus(chain) };
  }

  async #verify(talksId: TalksId): Promise<ChainVerdict> {
    let verifier = this.#verifiers.get(talksId);
    if (!verifier) {
      verifier = new ChainVerifier(talksId);
      this.#verifiers.set(talksId, verifier);
    }
    for (;;) {
      const verdict = verifier.verdict();
      if (!verdict.ok) return verdict;
      const page = await this.log.readEntries(talksId, verdict.head.seq, VERIFY_PAGE);
      if (!verifier.feed(page) || page.length < VERIFY_PAGE) return verifier.verdict();
    }
  }
}

const chainStatus = (verdict: ChainVerdict): AuditChainStatus =>
  verdict.ok
    ? { ok: true, head: verdict.head, count: verdict.count }
    : { ok: false, brokenAt: verdict.seq, reason: verdict.reason };
