import { useSyncExternalStore } from 'react';

// The messages this browser tab sent and the server acknowledged, so the message
// itself says "Sent" once it is in the list (not a line under the box that a
// retry leaves behind). Session-only: a reload forgets them, as nothing is at stake.

const sent = new Set<string>();
const listeners = new Set<() => void>();

export function markSent(messageId: string): void {
  if (sent.has(messageId)) return;
  sent.add(messageId);
  listeners.forEach((listener) => listener());
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function useSentMark(messageId: string): boolean {
  return useSyncExternalStore(subscribe, () => sent.has(messageId));
}

/** The message id in a command's result, when the command posted a message. */
export function sentMessageId(result: unknown): string | null {
  if (typeof result !== 'object' || result === null || !('messageId' in result)) return null;
  return typeof result.messageId === 'string' ? result.messageId : null;
}
