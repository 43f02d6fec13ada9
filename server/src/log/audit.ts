// The audit of a talks' log: verify its chain through the port, export it for
// an offline auditor, and verify such an export with no database at all.
import type { TalksId } from '../../../shared/src/index.js';
import type { ChainHead, EventLog, RawEntry } from './event-log.js';
import { ChainVerifier, type ChainVerdict } from './hash-chain.js';

export const AUDIT_FORMAT = 'parley-audit/1';

export interface AuditExport {
  format: typeof AUDIT_FORMAT;
  talksId: TalksId;
  exportedAt: string;
  /** The head the log recorded when exported; the entries must chain up to it. */
  head: ChainHead;
  entries: RawEntry[];
}

const PAGE_SIZE = 5_000;

/**
 * Verifies a talks' whole chain, page by page, then checks it ends at the head
 * the log recorded, so a removed tail is caught too. Uses the log's scanEntries
 * where it has one (rows as tuples, and the head from the same snapshot), else
 * pages of readEntries: the same checks either way.
 */
export const verifyTalksChain = async (log: EventLog, talksId: TalksId): Promise<ChainVerdict> => {
  const verifier = new ChainVerifier(talksId);
  if (log.scanEntries) {
    const head = await log.scanEntries(talksId, (rows) => verifier.feedRows(rows));
    return matchHead(verifier.verdict(), head);
  }
  for (let afterSeq = 0; ;) {
    const page = await log.readEntries(talksId, afterSeq, PAGE_SIZE);
    if (!verifier.feed(page) || page.length < PAGE_SIZE) break;
    afterSeq = page[page.length - 1]?.seq ?? afterSeq;
  }
  return matchHead(verifier.verdict(), await log.head(talksId));
};

/** Every stored entry of a talks, with the recorded head, as one JSON-serialisable object. */
export const exportAudit = async (
  log: EventLog,
  talksId: TalksId,
  now = new Date(),
): Promise<AuditExport> => {
  const head = await log.head(talksId);
  const entries: RawEntry[] = [];
  for (let afterSeq = 0; afterSeq < head.seq;) {
    const page = await log.readEntries(talksId, afterSeq, Math.min(PAGE_SIZE, head.seq - afterSeq));
    entries.push(...page);
    const last = page[page.length - 1];
    if (!last) break;
    afterSeq = last.seq;
  }
  return { format: AUDIT_FORMAT, talksId, exportedAt: now.toISOString(), head, entries };
};

/** Verifies an export read from a file (any JSON value): its shape, its chain, and its head. */
export const verifyAuditExport = (value: unknown): ChainVerdict => {
  const exported = asAuditExport(value);
  if (typeof exported === 'string') return { ok: false, seq: 0, reason: exported };
  const verifier = new ChainVerifier(exported.talksId);
  verifier.feed(exported.entries);
  return matchHead(verifier.verdict(), exported.head);
};

const matchHead = (verdict: ChainVerdict, recorded: ChainHead): ChainVerdict => {
  if (!verdict.ok) return verdict;
  if (verdict.head.seq < recorded.seq) {
    return {
      ok: false,
      seq: verdict.head.seq + 1,
      reason: `entry missing: the recorded head is at seq ${recorded.seq}`,
    };
  }
  if (verdict.head.seq !== recorded.seq || verdict.head.hash !== recorded.hash) {
    return { ok: false, seq: recorded.seq, reason: 'the chain does not end at the recorded head' };
  }
  return verdict;
};

// Returns the export, or why it is not one. Entries are checked field by field
// so a malformed file is reported, not thrown on.
const asAuditExport = (value: unknown): AuditExport | string => {
  if (!isRecord(value) || value.format !== AUDIT_FORMAT) return `not a ${AUDIT_FORMAT} file`;
  const { talksId, exportedAt, head, entries } = value;
  if (typeof talksId !== 'string' || typeof exportedAt !== 'string') return 'talksId or exportedAt missing';
  if (!isRecord(head) || typeof head.seq !== 'number' || typeof head.hash !== 'string') return 'head missing';
  if (!Array.isArray(entries) || !entries.every(isRawEntry)) return 'entries malformed';
  return {
    format: AUDIT_FORMAT,
    talksId: talksId as TalksId,
    exportedAt,
    head: { seq: head.seq, hash: head.hash },
    entries,
  };
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isRawEntry = (value: unknown): value is RawEntry =>
  isRecord(value) &&
  typeof value.seq === 'number' &&
  typeof value.audience === 'string' &&
  typeof value.aseq === 'number' &&
  typeof value.body === 'string' &&
  typeof value.prevHash === 'string' &&
  typeof value.hash === 'string';
