import { useTranslation } from 'react-i18next';
import { partyName } from '../../../api/selectors.js';
import { commentsOn, objectingParties } from '../../agreement/agreement-model.js';
import { ActorName } from '../../../components/ActorName.js';
import { useTalks } from '../../../components/talks-context.js';
import { When } from '../../../components/When.js';

/**
 * What the parties said about one clause of one version: who objects (a party's latest
 * comment decides) and every comment. Each was made in the party's own room: only the
 * mediators read all of them.
 */
export function ClauseComments({
  clauseId,
  version,
  explain = true,
}: {
  clauseId: string;
  version: number;
  /** Say where comments come from (once per list is enough). */
  explain?: boolean;
}) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const objecting = objectingParties(view.agreement, clauseId, version);
  const comments = commentsOn(view.agreement, clauseId, version);
  return (
    <section
      className="clause-comments"
      aria-label={t('agreementConsole.comments.label', { version })}
      data-testid="clause-comments"
    >
      <p
        className={`clause-comments__objections ${objecting.length ? 'has-objections' : ''}`}
        data-testid="objections"
      >
        {objecting.length === 0
          ? t('agreementConsole.comments.noObjection', { version })
          : t('agreementConsole.comments.objecting', {
              version,
              parties: objecting.map((p) => partyName(view, p)).join(', '),
            })}
      </p>
      {comments.length > 0 && (
        <ul className="clause-comments__list">
          {comments.map((comment) => (
            <li
              key={comment.commentId}
              className="clause-comment"
              data-objects={comment.objects ? 'yes' : 'no'}
            >
              <div className="clause-comment__meta">
                <strong>{partyName(view, comment.partyId)}</strong> <ActorName actor={comment.author} />{' '}
                <When at={comment.at} />{' '}
                {comment.objects ? (
                  <span className="badge badge--objects">{t('agreementConsole.comments.objects')}</span>
                ) : (
                  <span className="badge badge--muted">
                    {t('agreementConsole.comments.noObjectionBadge')}
                  </span>
                )}
              </div>
              <p className="clause-comment__text">{comment.text}</p>
            </li>
          ))}
        </ul>
      )}
      {explain && <p className="field__help">{t('agreementConsole.comments.where')}</p>}
    </section>
  );
}
