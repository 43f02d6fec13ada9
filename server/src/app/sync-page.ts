import { LIMITS, type Audience, type SyncResult, type WireEvent } from '../../../shared/src/index.js';
import type { AudienceCursor, StoredEvent } from '../log/event-log.js';
import { toWireEvent } from '../visibility/view.js';

// Rows read from the log per step while a page fills: a page of large events needs few,
// so a sync no longer decodes 2,000 rows to send a few hundred.
const ROWS_PER_STEP = 100;
// The page travels as {"events":[...],"more":…}: the brackets and the flag count too.
const PAGE_OVERHEAD_BYTES = 32;

const sizeOf = (event: WireEvent): number => Buffer.byteLength(JSON.stringify(event), 'utf8') + 1;

/**
 * [OPS4] Cuts a page at `maxEvents` events or before `maxBytes` bytes of JSON, whichever
 * comes first, but never to nothing: one event larger than the bound still travels alone.
 * The events are in the log's order, so what is kept is a prefix of every audience's
 * events and the reader's per-audience cursors stay exact.
 */
export function boundedPage(
  events: readonly WireEvent[],
  maxEvents: number,
  maxBytes: number = LIMITS.maxSyncBytes,
): { events: WireEvent[]; more: boolean } {
  const page: WireEvent[] = [];
  let bytes = PAGE_OVERHEAD_BYTES;
  for (const event of events) {
    if (page.length >= maxEvents) break;
    const size = sizeOf(event);
    if (page.length > 0 && bytes + size > maxBytes) break;
    page.push(event);
    bytes += size;
  }
  return { events: page, more: page.length < events.length };
}

/**
 * [OPS4] Reads one sync page from the log a few rows at a time, stopping as soon as the
 * page is full (in events or in bytes), so the rows read stay close to the rows sent.
 * `readRows` is the log's merged per-audience read, in seq order.
 */
export async function readBoundedPage(
  readRows: (cursors: AudienceCursor[], limit: number) => Promise<StoredEvent[]>,
  audiences: readonly Audience[],
  cursors: Readonly<Record<string, number>>,
  maxEvents: number,
  maxBytes: number = LIMITS.maxSyncBytes,
): Promise<SyncResult> {
  const after = new Map(audiences.map((audience) => [audience, cursors[audience] ?? 0]));
  const page: WireEvent[] = [];
  let bytes = PAGE_OVERHEAD_BYTES;
  for (;;) {
    const want = Math.min(ROWS_PER_STEP, maxEvents - page.length + 1);
    const rows = await readRows(
      [...after].map(([audience, afterAseq]) => ({ audience, afterAseq })),
      want,
    );
    for (const row of rows) {
      if (!after.has(row.audience)) continue;
      const event = toWireEvent(row);
      const size = sizeOf(event);
      if (page.length >= maxEvents || (page.length > 0 && bytes + size > maxBytes)) return { events: page, more: true };
      page.push(event);
      bytes += size;
      after.set(row.audience, row.aseq);
    }
    if (rows.length < want) return { events: page, more: false };
  }
}
