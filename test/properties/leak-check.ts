import { sameJson } from '../../shared/src/same-json.js';
import { canariesIn } from '../support/canary.js';
import { eventFaults, type SeenEvent } from '../support/event-rules.js';
import { mayRead, type TalksOracle } from '../support/oracle.js';
import { ackAnswer, auditEntriesIn, presenceAbout, type Frame } from './frame-tap.js';

// Judges everything that left the server against the oracle: each canary in a frame must
// be one its recipient may hold; no canary may ever be in a log line, nor in an HTTP body
// of the calls the test makes (none of them carries content). Metadata too: presence and
// member lists name only members the recipient may know, and an outsider's frames never
// name a talks it does not belong to. Events are judged as events too, canary or not: each
// must be of its recipient's talks, told to the audience the rules give its type, read by
// the recipient, and carry only its documented fields (so a mark, an acceptance or a consent,
// which carry no text, are held to the rules as strictly as a comment).

/** The session a canary belongs to is named by its nonce, the last part of `CANARY-side-n-nonce`. */
export const nonceOf = (canary: string): string => canary.slice(canary.lastIndexOf('-') + 1);

export interface SessionBook {
  nonce: string;
  oracle: TalksOracle;
  /** Who is who, for reports: member id to a label such as `head of A`. */
  labels: Map<string, string>;
}

/** Whoever sits at the other end of an engine connection. */
export type Recipient =
  | { kind: 'member'; book: SessionBook; memberId: string }
  | { kind: 'outsider'; authored: Set<string> };

export interface Leak {
  where: string;
  /** The canary, member or talks that should not have been there. */
  what: string;
  recipient: string;
  why: string;
  excerpt: string;
}

const excerpt = (text: string, canary: string) => {
  const at = text.indexOf(canary);
  return text.slice(Math.max(0, at - 160), at + canary.length + 80);
};

function judgeCanary(recipient: Recipient | undefined, canary: string): string | null {
  if (!recipient) return 'sent to a connection no member of the test owns';
  if (recipient.kind === 'outsider') return recipient.authored.has(canary) ? null : 'an outsider received it';
  const { book, memberId } = recipient;
  if (nonceOf(canary) !== book.nonce) return 'it belongs to another talks';
  // No read is exempt: the audit read answers the lead mediator under the same rule ([AUD4]).
  if (book.oracle.mayHold(memberId, canary)) return null;
  const published = book.oracle.publicationsOf(canary).map((p) => `${p.audience}@${p.at}`);
  return `the oracle forbids it (published to: ${published.join(', ') || 'nowhere'})`;
}

const recipientLabel = (recipient: Recipient | undefined, sid: string): string => {
  if (!recipient) return `unknown connection ${sid}`;
  if (recipient.kind === 'outsider') return 'the outsider';
  return `${recipient.book.labels.get(recipient.memberId) ?? recipient.memberId} (talks ${recipient.book.oracle.talksId})`;
};

const whereOf = (frame: Frame) => (frame.via === 'engine' ? 'a packet written by the engine' : 'an event emitted on the socket');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** [VIS5][VIS8] Members named by a presence change or a talks.get answer. */
function membersNamed(frame: Frame): string[] {
  const about = presenceAbout(frame);
  if (about) return [about];
  if (frame.via !== 'engine' || !frame.data.includes('"members"')) return [];
  const result = ackAnswer(frame)?.result;
  const listed = Array.isArray(result?.members) ? (result.members as { id?: unknown }[]).map((member) => member.id) : [];
  const online = Array.isArray(result?.online) ? (result.online as unknown[]) : [];
  return [...listed, ...online].filter((id): id is string => typeof id === 'string');
}

function judgeMetadata(frame: Frame, recipient: Recipient | undefined, talks: ReadonlySet<string>, sid: string): Leak[] {
  const leak = (what: string, why: string): Leak => ({
    where: whereOf(frame),
    what,
    recipient: recipientLabel(recipient, sid),
    why,
    excerpt: excerpt(frame.data, what),
  });
  if (recipient?.kind === 'outsider') {
    return (frame.data.match(UUID) ?? []).filter((id) => talks.has(id)).map((id) => leak(id, 'an outsider was told of a talks'));
  }
  if (recipient?.kind !== 'member') return [];
  const { oracle, labels } = recipient.book;
  return membersNamed(frame)
    .filter((id) => !oracle.mayKnow(recipient.memberId, id))
    .map((id) => leak(id, `named ${labels.get(id) ?? 'a member of another talks'}, whom it may not know of`));
}

/** Every frame: its canaries, and whom and what it names. `talks` are the ids of every generated session's talks. */
export function judgeFrames(frames: readonly Frame[], recipients: ReadonlyMap<string, Recipient>, talks: ReadonlySet<string>): Leak[] {
  const leaks: Leak[] = [];
  for (const frame of frames) {
    const recipient = recipients.get(frame.sid);
    leaks.push(...judgeMetadata(frame, recipient, talks, frame.sid));
    for (const canary of new Set(canariesIn(frame.data))) {
      const why = judgeCanary(recipient, canary);
      if (why) {
        leaks.push({
          where: whereOf(frame),
          what: canary,
          recipient: recipientLabel(recipient, frame.sid),
          why,
          excerpt: excerpt(frame.data, canary),
        });
      }
    }
  }
  return leaks;
}

/** Log lines and HTTP bodies may hold no canary at all. */
export function judgeTexts(where: string, texts: readonly string[]): Leak[] {
  return texts.flatMap((text) =>
    canariesIn(text).map((canary) => ({ where: `a ${where}`, what: canary, recipient: where, why: 'content must never be there', excerpt: excerpt(text, canary) })),
  );
}

export function describeLeaks(leaks: readonly Leak[]): string {
  const shown = leaks.slice(0, 10).map((leak) => `- ${leak.what} reached ${leak.recipient} in ${leak.where}: ${leak.why}\n    …${leak.excerpt}…`);
  return `${leaks.length} leak(s):\n${shown.join('\n')}`;
}

/** The wire events an engine frame carries: one pushed event, or the events of a sync answer. */
export function wireEventsIn(frame: Frame): SeenEvent[] {
  if (frame.via !== 'engine' || !frame.data.includes('"aseq"')) return [];
  const pushed = /^message:2(\[.*)$/s.exec(frame.data);
  if (pushed?.[1]) {
    const [name, event] = JSON.parse(pushed[1]) as [unknown, SeenEvent];
    return name === 'event' ? [event] : [];
  }
  const events = ackAnswer(frame)?.result?.events;
  return Array.isArray(events) ? (events as SeenEvent[]) : [];
}

/** [VIS1][VIS3][VIS4][VIS9] Every event a member received, live or through sync, against the rules of its type. */
export function judgeEvents(frames: readonly Frame[], recipients: ReadonlyMap<string, Recipient>): Leak[] {
  const leaks: Leak[] = [];
  for (const frame of frames) {
    const recipient = recipients.get(frame.sid);
    if (recipient?.kind !== 'member') continue;
    const { oracle, labels } = recipient.book;
    // Removal is judged by the canaries (with dates); here, the roles and parties alone.
    const reader = { ...oracle.reader(recipient.memberId), removed: false };
    for (const event of wireEventsIn(frame)) {
      const audience = String(event.audience);
      const faults = eventFaults(event);
      if (event.talksId !== oracle.talksId) faults.push('it is an event of another talks');
      if (!mayRead(reader, audience)) faults.push(`its audience ${audience} is not one the recipient reads`);
      for (const why of faults) {
        leaks.push({
          where: whereOf(frame),
          what: String(event.type),
          recipient: `${labels.get(recipient.memberId) ?? recipient.memberId} (talks ${oracle.talksId})`,
          why,
          excerpt: JSON.stringify(event).slice(0, 400),
        });
      }
    }
  }
  return leaks;
}

/** What every audit entry shows, sealed or not ([AUD4]): its place and proof, the actor's role, and the seal. */
const SEALED_KEYS = ['actor', 'aseq', 'at', 'audience', 'hash', 'id', 'prevHash', 'sealed', 'seq', 'type'].join();

/**
 * [AUD4] Every entry of an audit answer, by the rules alone: an entry of an audience the
 * recipient may not read shows its place and hashes, the actor's role and the seal, nothing
 * else; a readable one is held to its type's rules like an event (audience, payload fields,
 * milestones told by Parley), names only members the recipient may know, and its stored
 * bytes, when given, say no more than the entry shows.
 */
export function judgeAuditEntries(frames: readonly Frame[], recipients: ReadonlyMap<string, Recipient>): Leak[] {
  const leaks: Leak[] = [];
  for (const frame of frames) {
    const recipient = recipients.get(frame.sid);
    const entries = auditEntriesIn(frame);
    if (entries.length === 0) continue;
    const label = recipientLabel(recipient, frame.sid);
    if (recipient?.kind !== 'member') {
      leaks.push({ where: whereOf(frame), what: 'audit entries', recipient: label, why: 'no member of the talks asked', excerpt: frame.data.slice(0, 300) });
      continue;
    }
    const { oracle } = recipient.book;
    const reader = { ...oracle.reader(recipient.memberId), removed: false };
    for (const entry of entries) {
      const audience = String(entry.audience);
      const faults: string[] = [];
      if (!mayRead(reader, audience)) {
        if (Object.keys(entry).sort().join() !== SEALED_KEYS) faults.push(`an entry of ${audience} is not sealed`);
        if (Object.keys(entry.actor ?? {}).join() !== 'role') faults.push(`an entry of ${audience} names its actor`);
      } else {
        faults.push(...eventFaults({ ...entry, talksId: oracle.talksId }));
        const actorId = entry.actor?.id;
        if (typeof actorId === 'string' && !oracle.mayKnow(recipient.memberId, actorId)) faults.push(`it names ${actorId}, whom the reader may not know of`);
        if (typeof entry.body === 'string' && !sameJson((JSON.parse(entry.body) as { payload?: unknown }).payload, entry.payload)) {
          faults.push('its stored bytes hold more than its payload shows');
        }
      }
      for (const why of faults) {
        leaks.push({ where: whereOf(frame), what: `audit entry ${String(entry.seq)} (${String(entry.type)})`, recipient: label, why, excerpt: JSON.stringify(entry).slice(0, 400) });
      }
    }
  }
  return leaks;
}
