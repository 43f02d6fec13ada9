import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  STANCES_FOR_KIND,
  closedByCurrentAnswer,
  type Role,
  type Stance,
} from '../../../../shared/src/model.js';
import { responsesTo } from '../../api/selectors.js';
import type { ConveyanceEntry, ResponseEntry } from '../../api/talks-view.js';
import { ActorName } from '../../components/ActorName.js';
import { DisclosureBadge } from '../../components/DisclosureBadge.js';
import { useTalks } from '../../components/talks-context.js';
import { When } from '../../components/When.js';
import { ResponseForm } from './ResponseForm.js';

/** The answers each role may give (PROTOCOL.md): the server still decides every one. */
const STANCES_FOR: Partial<Record<Role, Stance[]>> = {
  head: ['accept', 'reject', 'counter', 'clarify', 'answer'],
  delegate: ['counter', 'clarify', 'answer'],
};

/**
 * What the mediator put into our room: a proposal, a question of the mediator's, or an
 * answer to our question ([CNV4]); our answers to it, the superseded ones struck through
 * ([RSP2]); and the answers this kind and our role allow ([RSP1][RSP3][RSP4]).
 */
export function ProposalCard({ conveyance }: { conveyance: ConveyanceEntry }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const [answering, setAnswering] = useState<Stance | null>(null);
  const answers = responsesTo(view, conveyance.conveyanceId).sort((a, b) => a.at.localeCompare(b.at));
  const current = answers.find((answer) => answer.supersededBy === null && answer.stance !== 'clarify');
  const stances = (STANCES_FOR[me.role] ?? []).filter(
    (stance) =>
      STANCES_FOR_KIND[conveyance.kind].includes(stance) &&
      closedByCurrentAnswer(current?.stance, me.role, stance) === null,
  );
  return (
    <article
      className={`card card--proposal card--${conveyance.kind}`}
      aria-label={t(`answers.cardLabel.${conveyance.kind}`)}
    >
      <div className="card__meta">
        <span className="card__kind">{t(`answers.from.${conveyance.kind}`)}</span>{' '}
        <ActorName actor={conveyance.by} /> <When at={conveyance.at} />
      </div>
      <p className="card__text">{conveyance.text}</p>
      {answers.length > 0 && (
        <ul className="answers" aria-label={t('proposals.ourAnswers')}>
          {answers.map((answer) => (
            <AnswerLine key={answer.responseId} answer={answer} current={answer === current} />
          ))}
        </ul>
      )}
      {answering ? (
        <ResponseForm
          conveyanceId={conveyance.conveyanceId}
          stance={answering}
          onDone={() => setAnswering(null)}
        />
      ) : (
        <div className="card__actions" role="group" aria-label={t(`answers.actions.${conveyance.kind}`)}>
          {stances.map((stance) => (
            <button
              key={stance}
              type="button"
              className={`button button--stance-${stance}`}
              onClick={() => setAnswering(stance)}
            >
              {t(`respond.action.${stance}`)}
            </button>
          ))}
          {conveyance.kind === 'proposal' && me.role === 'delegate' && (
            <span className="field__help">
              {closedByCurrentAnswer(current?.stance, me.role, 'counter') === 'head-decided'
                ? t('answers.headDecided')
                : t('proposals.headDecides')}
            </span>
          )}
        </div>
      )}
    </article>
  );
}

/** One of our answers: the current one marked, a superseded one struck through with its time. */
function AnswerLine({ answer, current }: { answer: ResponseEntry; current: boolean }) {
  const { t } = useTranslation();
  const superseded = answer.supersededBy !== null;
  return (
    <li className={`answer ${superseded ? 'answer--superseded' : ''}`}>
      <span className={`stance stance--${answer.stance}`}>{t(`stance.${answer.stance}`)}</span>{' '}
      {current && <span className="badge badge--current">{t('answers.current')}</span>}
      {superseded && <span className="badge badge--muted">{t('answers.superseded')}</span>}{' '}
      <ActorName actor={answer.author} /> <When at={answer.at} />
      {superseded ? (
        <p className="answer__text">
          <del>{answer.text}</del>
        </p>
      ) : (
        <p className="answer__text">{answer.text}</p>
      )}
      <DisclosureBadge disclosure={answer.disclosure} compact />
    </li>
  );
}
