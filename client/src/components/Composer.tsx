import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Command } from '../../../shared/src/commands.js';
import { LIMITS } from '../../../shared/src/model.js';
import { CommandStatusLine } from './CommandStatusLine.js';
import { markSent, sentMessageId } from './sent-marks.js';
import { useCommand } from './use-command.js';
import { VisibleTo } from './VisibleTo.js';

/**
 * A message box that always says who will read it; Ctrl+Enter sends. The draft is
 * cleared only once the server has it, whether by the first send, a Retry or a resend
 * after an outage; meanwhile it stays in the box, read-only, so it cannot be sent twice.
 */
export function Composer({
  label,
  visibleTo,
  toCommand,
  submitLabel,
  tone = 'plain',
  disabledReason,
}: {
  label: string;
  visibleTo: string;
  toCommand: (text: string) => Command;
  submitLabel?: string;
  tone?: string;
  /** When set, the composer is shown but cannot send, and says why. */
  disabledReason?: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const handle = useCommand({
    onSuccess: (result) => {
      setText('');
      const messageId = sentMessageId(result);
      if (messageId === null) return;
      // The message itself now says "Sent"; nothing is left under the box.
      markSent(messageId);
      handle.reset();
    },
  });
  const id = useId();
  const pending = handle.status.state === 'pending';
  const blocked = disabledReason !== undefined;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || pending || blocked) return;
    await handle.run(toCommand(trimmed));
  };

  const edit = (value: string) => {
    setText(value);
    // A Retry re-sends what failed; once the text is changed, Send sends the new text.
    if (handle.status.state === 'failed') handle.reset();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
  };

  return (
    <form className={`composer composer--${tone}`} onSubmit={(event) => void submit(event)}>
      <label className="composer__label" htmlFor={`${id}-text`}>
        {label}
      </label>
      <VisibleTo who={visibleTo} id={`${id}-audience`} />
      <textarea
        id={`${id}-text`}
        className="composer__text"
        rows={3}
        value={text}
        maxLength={LIMITS.maxTextChars}
        aria-describedby={`${id}-audience${blocked ? ` ${id}-blocked` : ''}`}
        disabled={blocked}
        readOnly={pending}
        onChange={(event) => edit(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {blocked && (
        <p className="composer__blocked" id={`${id}-blocked`}>
          {disabledReason}
        </p>
      )}
      <div className="composer__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={!text.trim() || pending || blocked}
        >
          {submitLabel ?? t('common.send')}
        </button>
        <CommandStatusLine handle={handle} doneText={t('command.sent')} />
      </div>
    </form>
  );
}
