import type { AuditEntry, OpenAuditEntry } from './audit.js';
import { sameJson } from './same-json.js';

// [AUD5] How a client checks the audit chain it was shown, sealed entries included, with no
// content it may not read (docs/storage.md, "Checking the chain in an audit read"). Pure:
// the caller brings SHA-256 (WebCrypto in a browser, node:crypto in a test), so the client
// and the tests run the same check.

/** The prevHash of a talks' first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/** Where a check stands after a page: hand it to the check of the next page. */
export interface AuditCheckPoint {
  /** The last entry checked (seq 0 and the genesis hash before the first). */
  seq: number;
  hash: string;
  /** The last aseq seen per audience; known only when the check started at seq 1. */
  aseq: Record<string, number> | null;
}

export interface AuditCheckReport {
  /** Entries whose links (seq, prevHash, aseq) were checked. */
  linked: number;
  /** Entries whose hash was recomputed here from their stored bytes. */
  recomputed: number;
  /** Entries whose hash could not be recomputed (sealed, or holding server-only fields): held by their links alone. */
  heldByLinks: number;
  /** The first entry where the chain does not hold, with why; null when it holds. */
  broken: { seq: number; reason: string } | null;
  next: AuditCheckPoint;
}

export const AUDIT_START: AuditCheckPoint = { seq: 0, hash: AUDIT_GENESIS_HASH, aseq: {} };

/**
 * Checks a page of audit entries in seq order after `from` (AUDIT_START for the first page,
 * else the previous report's `next`; null to start mid-log, trusting the page's first link).
 * Every entry: its seq follows, its prevHash is the hash before it, its aseq follows its
 * audience's. An entry with `body`: SHA-256(prevHash + "\n" + body) is its hash, and the body
 * says what the entry shows. A sealed entry's hash is taken as given; it is bound by the next
 * entry's prevHash, which that entry's own hash covers, up to the head.
 */
export async function checkAuditEntries(
  entries: readonly AuditEntry[],
  from: AuditCheckPoint | null,
  sha256hex: (text: string) => Promise<string>,
): Promise<AuditCheckReport> {
  const report: AuditCheckReport = { linked: 0, recomputed: 0, heldByLinks: 0, broken: null, next: from ?? AUDIT_START };
  let point: AuditCheckPoint | null = from;
  for (const entry of entries) {
    const reason = point ? linkFault(entry, point) : undefined;
    const body = entry.sealed === null ? entry.body : null;
    const fault = reason ?? (entry.sealed === null && body !== null ? await bodyFault(entry, body, sha256hex) : undefined);
    if (fault !== undefined) {
      report.broken = { seq: entry.seq, reason: fault };
      return report;
    }
    report.linked += 1;
    if (body !== null) report.recomputed += 1;
    else report.heldByLinks += 1;
    const aseq = point?.aseq ?? null;
    point = { seq: entry.seq, hash: entry.hash, aseq: aseq ? { ...aseq, [entry.audience]: entry.aseq } : null };
    report.next = point;
  }
  return report;
}

function linkFault(entry: AuditEntry, point: AuditCheckPoint): string | undefined {
  if (entry.seq !== point.seq + 1) return `expected seq ${point.seq + 1}, found ${entry.seq}`;
  if (entry.prevHash !== point.hash) return 'prevHash does not link to the entry before';
  const last = point.aseq?.[entry.audience];
  if (point.aseq && entry.aseq !== (last ?? 0) + 1) return `aseq gap in ${entry.audience}`;
  return undefined;
}

async function bodyFault(entry: OpenAuditEntry, stored: string, sha256hex: (text: string) => Promise<string>) {
  if ((await sha256hex(`${entry.prevHash}\n${stored}`)) !== entry.hash) return 'hash does not match the stored bytes';
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(stored) as Record<string, unknown>;
  } catch {
    return 'the stored bytes are not JSON';
  }
  const shown = { seq: entry.seq, id: entry.id, type: entry.type, audience: entry.audience, aseq: entry.aseq, at: entry.at };
  for (const [key, value] of Object.entries(shown)) if (body[key] !== value) return `the stored bytes say another ${key}`;
  if (!sameJson(body.payload, entry.payload) || !sameJson(body.actor, entry.actor) || body.commandId !== entry.commandId) {
    return 'the stored bytes say something else than the entry shows';
  }
  return undefined;
}
