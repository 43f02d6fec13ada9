import type { EventPayloads, EventType } from '../../../shared/src/index.js';

/**
 * Payloads as stored. They equal the wire payloads except where the server keeps
 * a field nobody is ever shown (the hash of an invite code); visibility/view.ts
 * builds every outgoing payload from an allowlist of the wire fields.
 */
export type StoredPayloads = Omit<EventPayloads, 'member.invited' | 'member.reentryOffered'> & {
  'member.invited': EventPayloads['member.invited'] & { codeHash: string };
  'member.reentryOffered': EventPayloads['member.reentryOffered'] & { codeHash: string };
};

/** An event as decided by the rules: the service adds id, time, actor and audience. */
export type DraftEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; payload: StoredPayloads[K] };
}[T];

export const draft = <T extends EventType>(type: T, payload: StoredPayloads[T]): DraftEvent<T> =>
  ({ type, payload });
