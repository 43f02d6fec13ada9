import { LIMITS, type TalksId } from '../../../shared/src/index.js';
import type { EventLog } from '../log/event-log.js';
import { ChainVerifier, parseStoredEvent, type ChainVerdict } from '../log/hash-chain.js';

const VERIFY_PAGE = 10_000;

/**
 * Answers audit.read: a page of the full log with the chain's status. The chain is
 * verified incrementally (each entry once per process), so reading the audit of a
 * long talks does not re-hash its whole history on every page.
 */
export class AuditReader {
  readonly #verifiers = new Map<TalksId, ChainVerifier>();

  constructor(private readonly log: EventLog) {}

  async read(talksId: TalksId, { afterSeq = 0, limit = 100 }: { afterSeq?: number; limit?: number }) {
    const chain = await this.#verify(talksId);
    const page = await this.log.readEntries(talksId, afterSeq, Math.min(limit, LIMITS.maxAuditPage));
    const entries = page.map((entry) => {
      const event = parseStoredEvent(entry.body, entry.prevHash, entry.hash);
      return {
        seq: entry.seq,
        id: event.id,
        type: event.type,
        audience: entry.audience,
        aseq: entry.aseq,
        at: event.at,
        actor: event.actor,
        payload: event.payload,
        commandId: event.commandId,
        prevHash: entry.prevHash,
        hash: entry.hash,
      };
    });
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

const chainStatus = (verdict: ChainVerdict) =>
  verdict.ok
    ? { ok: true, head: verdict.head, count: verdict.count }
    : { ok: false, brokenAt: verdict.seq, reason: verdict.reason };
