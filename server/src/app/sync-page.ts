import { LIMITS, type WireEvent } from '../../../shared/src/index.js';

/**
 * [OPS4] Cuts a sync page at `maxEvents` events or before `maxBytes` bytes of JSON,
 * whichever comes first, but never to nothing: one event larger than the bound still
 * travels alone. The events are in the log's order, so what is kept is a prefix of
 * every audience's events and the reader's per-audience cursors stay exact.
 */
export function boundedPage(
  events: readonly WireEvent[],
  maxEvents: number,
  maxBytes: number = LIMITS.maxSyncBytes,
): { events: WireEvent[]; more: boolean } {
  const page: WireEvent[] = [];
  // The page travels as {"events":[...],"more":…}: brackets and commas count too.
  let bytes = 32;
  for (const event of events) {
    if (page.length >= maxEvents) break;
    const size = Buffer.byteLength(JSON.stringify(event), 'utf8') + 1;
    if (page.length > 0 && bytes + size > maxBytes) break;
    page.push(event);
    bytes += size;
  }
  return { events: page, more: page.length < events.length };
}
