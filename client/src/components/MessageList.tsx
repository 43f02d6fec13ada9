import { useEffect, useRef } from 'react';
import type { MessageEntry } from '../api/talks-view.js';
import { ActorName } from './ActorName.js';
import { EmptyState } from './EmptyState.js';
import { SentMark } from './SentMark.js';
import { When } from './When.js';

/** A channel's messages, oldest first, kept scrolled to the newest. */
export function MessageList({
  messages,
  empty,
  label,
}: {
  messages: MessageEntry[];
  empty: string;
  label: string;
}) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [messages.length]);
  if (messages.length === 0) return <EmptyState>{empty}</EmptyState>;
  return (
    <ol className="messages" aria-label={label}>
      {messages.map((message) => (
        <li key={message.messageId} className="message">
          <div className="message__meta">
            <ActorName actor={message.author} /> <When at={message.at} />{' '}
            <SentMark messageId={message.messageId} />
          </div>
          <p className="message__text">{message.text}</p>
        </li>
      ))}
      <li ref={end} aria-hidden="true" className="messages__end" />
    </ol>
  );
}
