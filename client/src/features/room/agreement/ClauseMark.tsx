import { useTranslation } from 'react-i18next';
import type { ClauseId, PartyId } from '../../../../../shared/src/ids.js';
import { CommandStatusLine } from '../../../components/CommandStatusLine.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { hasAccepted, markOf } from '../../agreement/agreement-model.js';
import { packagePhase } from './party-agreement.js';

/**
 * The party's mark on one clause of the current version ([PKG1]): the head says
 * whether the party can live with it; everyone in the delegation sees the mark. Only
 * this party's own mark exists here: another party's never reaches this room.
 */
export function ClauseMark({
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
  const { view, me } = useTalks();
  const handle = useCommand();
  const model = view.agreement;
  const mark = markOf(model, version, clauseId, partyId);
  const state = mark === null ? 'none' : mark ? 'liveWith' : 'notYet';
  const settled = hasAccepted(model, version, partyId) || model.agreed !== null;
  const canMark = me.role === 'head' && packagePhase(view.talks?.phase) && !settled;
  const pending = handle.status.state === 'pending';
  const send = (canLiveWith: boolean) =>
    void handle.run({ type: 'package.mark', payload: { version, clauseId, canLiveWith } });

  return (
    <div
      className="clause-mark"
      role="group"
      aria-label={t('agreementRoom.mark.label', { number: clauseNumber })}
      data-testid="clause-mark"
      data-mark={state}
    >
      <p className="clause-mark__state">
        {t('agreementRoom.mark.ours')}{' '}
        <span className={`badge badge--mark-${state}`}>{t(`agreementRoom.mark.state.${state}`)}</span>
      </p>
      {canMark && (
        <div className="clause-mark__actions">
          <button
            type="button"
            className="button button--small"
            aria-pressed={mark === true}
            disabled={pending || mark === true}
            data-testid="mark-live-with"
            onClick={() => send(true)}
          >
            {t('agreementRoom.mark.liveWith')}
          </button>
          <button
            type="button"
            className="button button--small"
            aria-pressed={mark === false}
            disabled={pending || mark === false}
            data-testid="mark-not-yet"
            onClick={() => send(false)}
          >
            {t('agreementRoom.mark.notYet')}
          </button>
          <CommandStatusLine handle={handle} />
        </div>
      )}
      {me.role === 'delegate' && !settled && (
        <p className="field__help">{t('agreementRoom.mark.headOnly')}</p>
      )}
    </div>
  );
}
