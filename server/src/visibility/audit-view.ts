import type { Audience, AuditEntry } from '../../../shared/src/index.js';
import type { RawEntry, StoredEvent } from '../log/event-log.js';
import type { Member, TalksState } from '../talks/state.js';
import { canRead } from './audience.js';
import { serverOnlyFields, wireActor, wirePayload } from './view.js';

/**
 * [AUD4] One audit entry as this reader may see it. Its place and proof (seq, id, type,
 * audience, aseq, at, prevHash, hash) and the actor's role are shown to every reader of
 * the audit; the content (payload, the actor beyond its role, the commandId and the
 * stored bytes) only where the reader reads the entry's audience anyway, by the one rule
 * of audience.ts: a delegation's caucus stays sealed to the mediators here too. Readable
 * payloads and actors go through the same allowlists as events; where the stored bytes
 * hold something withheld (a server-only field, a milestone's real actor), they are
 * withheld as well (they would carry it).
 */
export function auditEntryView(state: TalksState, reader: Member, entry: RawEntry, event: StoredEvent): AuditEntry {
  const place = {
    seq: entry.seq,
    id: event.id,
    type: event.type,
    audience: entry.audience,
    aseq: entry.aseq,
    at: event.at,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
  if (!canRead(state, reader, entry.audience)) {
    return {
      ...place,
      sealed: { reason: 'audience', note: `${audienceName(state, entry.audience)}: content sealed` },
      actor: { role: wireActor(event).role },
    };
  }
  // The actor as the reader's events tell it: a public milestone is told by Parley ([VIS9]),
  // so its real actor is withheld here too, with the stored bytes that name it.
  const actor = wireActor(event);
  const withheld = serverOnlyFields(event.type, event.payload).map((field) => `payload.${field}`);
  if (actor.id !== event.actor.id) withheld.push('actor');
  return {
    ...place,
    sealed: null,
    actor,
    payload: wirePayload(event.type, event.payload),
    commandId: event.commandId,
    body: withheld.length === 0 ? entry.body : null,
    withheld,
  };
}

/** An audience in words, for the sealed note: "caucus of Northland". */
function audienceName(state: Pick<TalksState, 'parties'>, audience: Audience): string {
  const [kind, partyId] = audience.split(':', 2);
  const party = state.parties.find((candidate) => candidate.id === partyId);
  return party ? `${kind} of ${party.name}` : audience;
}
