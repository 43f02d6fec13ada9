import type { Audience, TalksId } from '../../shared/src/index.js';
import { SYSTEM_ACTOR, asId } from '../../shared/src/index.js';
import type { NewEvent } from '../../server/src/log/event-log.js';

// Seeded ids and a fixed clock, so sealed bodies and hashes are reproducible.
let counter = 0;

export const seededId = (prefix = 'id'): string => `${prefix}-${String(++counter).padStart(6, '0')}`;

export const FIXED_AT = '2025-01-15T09:00:00.000Z';

/** A message event for `audience`; `text` defaults to something unique. */
export const newEvent = (audience: Audience, text?: string): NewEvent => {
  const id = seededId('event');
  return {
    id,
    type: 'message.posted',
    audience,
    at: FIXED_AT,
    actor: SYSTEM_ACTOR,
    payload: { messageId: id, channel: 'joint', partyId: null, text: text ?? `said ${id}` },
  };
};

export const newTalksId = (): TalksId => asId<TalksId>(seededId('talks'));
