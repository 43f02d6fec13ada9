import { createHash, randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type MemberId, type PartyId, type TalksId } from '../shared/src/index.js';
import type { AppendRequest, NewEvent } from '../server/src/log/event-log.js';

// Events written straight to the store, for the measures that are about the
// store alone (durable appends/s, cold start, chain verification). They have
// the shapes and sizes of real ones: a talks opens, then its room fills with
// messages of a few hundred bytes, each stored with its command record.

export interface SyntheticTalks {
  talksId: TalksId;
  parties: [PartyId, PartyId];
  head: MemberId;
  seq: number;
}

const TEXT = 'We can accept the northern allocation if the monitoring stations are jointly staffed. '.repeat(3);

export const newSyntheticTalks = (): SyntheticTalks => ({
  talksId: randomUUID() as TalksId,
  parties: [randomUUID() as PartyId, randomUUID() as PartyId],
  head: randomUUID() as MemberId,
  seq: 0,
});

export function openedEvent(talks: SyntheticTalks): NewEvent {
  return {
    id: randomUUID(),
    type: 'talks.opened',
    audience: 'gallery',
    at: new Date().toISOString(),
    actor: SYSTEM_ACTOR,
    payload: {
      title: 'Synthetic talks',
      parties: talks.parties.map((id, n) => ({ id, name: n === 0 ? 'Northland' : 'Southland' })),
      observerCap: 2,
      phase: 'preparation',
    },
  };
}

export function messageEvent(talks: SyntheticTalks): NewEvent {
  const partyId = talks.parties[0];
  return {
    id: randomUUID(),
    type: 'message.posted',
    audience: `room:${partyId}`,
    at: new Date().toISOString(),
    actor: { id: talks.head, role: 'head', partyId, displayName: 'Head of delegation' },
    payload: { messageId: randomUUID(), channel: 'room', partyId, text: TEXT },
  };
}

/** One message as a command would append it: with its command record, expecting the current head. */
export function messageAppend(talks: SyntheticTalks): AppendRequest {
  const event = messageEvent(talks);
  return {
    talksId: talks.talksId,
    expectedSeq: talks.seq,
    events: [event],
    command: {
      commandId: randomUUID(),
      fingerprint: createHash('sha256').update(event.id).digest('hex'),
      result: { messageId: event.payload.messageId },
    },
  };
}
