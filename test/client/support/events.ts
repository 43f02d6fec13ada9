import type { Actor, EventPayloads, EventType, WireEvent } from '../../../shared/src/events.js';
import type { EventId, MemberId, PartyId, TalksId } from '../../../shared/src/ids.js';
import type { Audience, Role } from '../../../shared/src/model.js';

// Builds the events a reader would receive, with per-audience aseq counters and
// a fixed clock, so tests read as "given these events".

let uuidCounter = 0;
/** A deterministic UUID-shaped id. */
export const seededId = <T extends string>(): T => {
  uuidCounter += 1;
  return `00000000-0000-4000-8000-${uuidCounter.toString(16).padStart(12, '0')}` as T;
};

export const TALKS_ID = '11111111-1111-4111-8111-111111111111' as TalksId;
export const NORTH = '22222222-2222-4222-8222-222222222222' as PartyId;
export const SOUTH = '33333333-3333-4333-8333-333333333333' as PartyId;

export const actor = (displayName: string, role: Role, partyId: PartyId | null = null): Actor => ({
  id: seededId<MemberId>(),
  role,
  partyId,
  displayName,
});

export const MEDIATOR = actor('Mara Lind', 'lead-mediator');
export const NORTH_HEAD = actor('Nils North', 'head', NORTH);
export const SOUTH_HEAD = actor('Sofia South', 'head', SOUTH);

export class EventFactory {
  private readonly aseq = new Map<string, number>();
  private minute = 0;

  event<K extends EventType>(
    type: K,
    audience: Audience,
    payload: EventPayloads[K],
    by: Actor = MEDIATOR,
  ): WireEvent<K> {
    const next = (this.aseq.get(audience) ?? 0) + 1;
    this.aseq.set(audience, next);
    this.minute += 1;
    const at = new Date(Date.UTC(2025, 0, 6, 9, this.minute)).toISOString();
    const event: WireEvent<K> = {
      talksId: TALKS_ID,
      id: seededId<EventId>(),
      audience,
      aseq: next,
      type,
      at,
      actor: by,
      payload,
    };
    return event;
  }

  opened(title = 'Harbour talks'): WireEvent<'talks.opened'> {
    const parties = [
      { id: NORTH, name: 'North' },
      { id: SOUTH, name: 'South' },
    ];
    return this.event(
      'talks.opened',
      'gallery',
      { title, parties, observerCap: 2, phase: 'pre-negotiation' },
      MEDIATOR,
    );
  }
}
