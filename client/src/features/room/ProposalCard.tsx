import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, Stance } from '../../../../shared/src/model.js';
import { responsesTo } from '../../api/selectors.js';
import type { ConveyanceEntry } from '../../api/talks-view.js';
import { ActorName } from '../../components/ActorName.js';
import { DisclosureBadge } from '../../components/DisclosureBadge.js';
import { useTalks } from '../../components/talks-context.js';
import { When } from '../../components/When.js';
import { ResponseForm } from './ResponseForm.js';

/** The answers each role may give (PROTOCOL.md): the server still decides every one. */
const STANCES_FOR: Partial<Record<Role, Stance[]>> = {
  head: ['accept', 'reject', 'counter', 'clarify'],
  delegate: ['counter', 'clarify'],
};

/** A proposal the mediator put into our room, our answers to it, and the answers our role may give. */
export function ProposalCard({ conveyance }: { conveyance: ConveyanceEntry }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const [answering, setAnswering] = useState<Stance | null>(null);
  const answers = responsesTo(view, conveyance.conveyanceId);
  const stances = STANCES_FOR[me.role] ?? [];
  return (
    <article className="card card--proposal" aria-label={t('proposals.cardLabel')}>
      <div className="card__meta">
        <span className="card__kind">{t('proposals.fromMediator')}</span> <ActorName actor={conveyance.by} />{' '}
        <When at={conveyance.at} />
      </div>
      <p className="card__text">{conveyance.text}</p>
      {answers.length > 0 && (
        <ul className="answers" aria-label={t('proposals.ourAnswers')}>
          {answers.map((answer) => (
            <li key={answer.responseId} className="answer">
              <span className={`stance stance--${answer.stance}`}>{t(`stance.${answer.stance}`)}</span>{' '}
              <ActorName actor={answer.author} /> <When at={answer.at} />
              <p className="answer__text">{answer.text}</p>
              <DisclosureBadge disclosure={answer.disclosure} compact />
            </li>
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
        <div className="card__actions" role="group" aria-label={t('proposals.actions')}>
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
          {me.role === 'delegate' && <span className="field__help">{t('proposals.headDecides')}</span>}
        </div>
      )}
    </article>
  );
}
