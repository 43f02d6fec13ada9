import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClauseId, PartyId } from '../../../../../shared/src/ids.js';
import { LIMITS } from '../../../../../shared/src/model.js';
import { ActorName } from '../../../components/ActorName.js';
import { CommandStatusLine } from '../../../components/CommandStatusLine.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { VisibleTo } from '../../../components/VisibleTo.js';
import { When } from '../../../components/When.js';
import { commentsOn } from '../../agreement/agreement-model.js';
import { textPhase } from './party-agreement.js';

/**
 * The party's private comments on one clause of one version, and a box for another:
 * they go to the party's own room, so the mediators read them and the other party
 * never does ([TXT4]). Heads and delegates alike may comment.
 */
export function ClauseComments({
  version,
  clauseId,
  clauseNumber,
  partyId,
}: {
  version: number;
  clauseId: ClauseId;
  clauseNumber: number;
  partyId: PartyId;
}) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand({
    onSuccess: () => {
      setText('');
      setObjects(false);
    },
  });
  const id = useId();
  const [text, setText] = useState('');
  const [objects, setObjects] = useState(false);
  const open = textPhase(view.talks?.phase);
  const ours = commentsOn(view.agreement, clauseId, version).filter((c) => c.partyId === partyId);
  const pending = handle.status.state === 'pending';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || pending) return;
    await handle.run({
      type: 'text.comment',
      payload: { version, clauseId, text: trimmed, objects },
    });
  };

  return (
    <div className="clause-comments">
      {ours.length > 0 && (
        <ol
          className="stack clause-comments__list"
          aria-label={t('agreementRoom.comments.listLabel', { number: clauseNumber })}
        >
          {ours.map((comment) => (
            <li key={comment.commentId} className="clause-comment" data-testid="clause-comment">
              <div className="card__meta">
                <ActorName actor={comment.author} /> <When at={comment.at} />{' '}
                {comment.objects && (
                  <span className="badge badge--objects">{t('agreementRoom.comments.objects')}</span>
                )}
              </div>
              <p className="card__text">{comment.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="composer composer--room" onSubmit={(event) => void submit(event)}>
        <label className="composer__label" htmlFor={`${id}-text`}>
          {t('agreementRoom.comments.label', { number: clauseNumber })}
        </label>
        <VisibleTo who={t('agreementRoom.comments.visibleTo')} id={`${id}-audience`} />
        <textarea
          id={`${id}-text`}
          className="composer__text"
          rows={2}
          value={text}
          maxLength={LIMITS.maxTextChars}
          disabled={!open}
          aria-describedby={`${id}-audience`}
          data-testid="comment-text"
          readOnly={pending}
          onChange={(event) => setText(event.target.value)}
        />
        <label className="clause-comments__objects">
          <input
            type="checkbox"
            checked={objects}
            disabled={!open}
            data-testid="comment-objects"
            onChange={(event) => setObjects(event.target.checked)}
          />{' '}
          {t('agreementRoom.comments.weObject')}
        </label>
        {!open && <p className="composer__blocked">{t('agreementRoom.comments.closed')}</p>}
        <div className="composer__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={!open || !text.trim() || pending}
            data-testid="comment-send"
          >
            {t('agreementRoom.comments.send')}
          </button>
          <CommandStatusLine handle={handle} doneText={t('agreementRoom.comments.sent')} />
        </div>
      </form>
    </div>
  );
}
