import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PHASES, type Phase } from '../../../../shared/src/model.js';
import { CommandStatusLine } from '../../components/CommandStatusLine.js';
import { useTalks } from '../../components/talks-context.js';
import { useCommand } from '../../components/use-command.js';

/** The current phase in words and, for the lead mediator, the control to move it (with a confirm step). */
export function PhaseControl() {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const handle = useCommand();
  const id = useId();
  const phase = view.talks?.phase ?? 'preparation';
  const choices = PHASES.filter((p) => p !== phase);
  const [to, setTo] = useState<Phase>(choices[0] ?? 'pre-negotiation');
  const [confirming, setConfirming] = useState(false);
  const target = choices.includes(to) ? to : (choices[0] ?? phase);

  const change = async () => {
    const outcome = await handle.run({ type: 'phase.change', payload: { to: target } });
    if (outcome.ok) setConfirming(false);
  };

  return (
    <div className="phase-control">
      <p className="phase-control__now">
        {t('phase.current')} <span className={`phase phase--${phase}`}>{t(`phases.${phase}.name`)}</span>
      </p>
      <p className="phase-control__about">{t(`phases.${phase}.about`)}</p>
      {me.role === 'lead-mediator' ? (
        <div className="phase-control__change">
          <label htmlFor={`${id}-to`}>{t('phase.moveTo')}</label>
          <select
            id={`${id}-to`}
            value={target}
            onChange={(event) => {
              setTo(event.target.value as Phase);
              setConfirming(false);
            }}
          >
            {choices.map((p) => (
              <option key={p} value={p}>
                {t(`phases.${p}.name`)}
              </option>
            ))}
          </select>
          {!confirming ? (
            <button type="button" className="button" onClick={() => setConfirming(true)}>
              {t('phase.change')}
            </button>
          ) : (
            <span className="confirm-inline" role="group" aria-label={t('phase.confirmLabel')}>
              <span>
                {t('phase.confirmQuestion', {
                  from: t(`phases.${phase}.name`),
                  to: t(`phases.${target}.name`),
                })}
              </span>{' '}
              <button type="button" className="button button--primary" onClick={() => void change()}>
                {t('phase.confirm', { to: t(`phases.${target}.name`) })}
              </button>{' '}
              <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </span>
          )}
          <CommandStatusLine handle={handle} />
        </div>
      ) : (
        <p className="field__help">{t('phase.leadOnly')}</p>
      )}
    </div>
  );
}
