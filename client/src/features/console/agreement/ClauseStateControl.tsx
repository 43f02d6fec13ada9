import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveBrackets } from '../../../../../shared/src/brackets.js';
import { CLAUSE_STATES, type ClauseState } from '../../../../../shared/src/model.js';
import type { ClauseEntry } from '../../agreement/agreement-model.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { FormActions } from './AgreementStatusLine.js';
import { excerpt, firstWording } from './link-targets.js';
import { TextsSideBySide } from './TextsSideBySide.js';

type StateProblem = 'same' | 'nothingBracketed' | 'chooseWording' | 'noAuthentic';

/**
 * Sets a clause's state ([TXT2]). Leaving the brackets means choosing one wording; agreeing
 * needs a wording in the authentic language. Both are said before the mediator clicks.
 */
export function ClauseStateControl({ clause }: { clause: ClauseEntry }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand({
    onSuccess: () => {
      // The clause is now in that state: offer the usual next step instead of the same one.
      setChoice(null);
      setTo(to === 'agreed' ? 'open' : 'agreed');
    },
  });
  const id = useId();
  const authentic = view.agreement.authenticLanguage;
  const [to, setTo] = useState<ClauseState>(clause.state === 'agreed' ? 'open' : 'agreed');
  const [choice, setChoice] = useState<string | null>(null);
  const bracketed = clause.alternatives.length > 0;
  const choosing = bracketed && to !== 'bracketed';
  const chosen = choosing ? clause.alternatives.find((a) => a.label === choice) : undefined;
  // [TXT2] The choice takes the brackets' place; the rest of the clause stays (the server's own function).
  const resultTexts = chosen ? resolveBrackets(clause.texts, chosen.texts) : clause.texts;

  const problem: StateProblem | null =
    to === 'bracketed' && !bracketed
      ? 'nothingBracketed'
      : choosing && !chosen
        ? 'chooseWording'
        : !chosen && to === clause.state
          ? 'same'
          : (to === 'agreed' || to === 'provisionally-agreed') && resultTexts[authentic] === ''
            ? 'noAuthentic'
            : null;

  const apply = async () => {
    await handle.run({
      type: 'text.setClauseState',
      payload: { clauseId: clause.clauseId, state: to, ...(chosen ? { alternative: chosen.label } : {}) },
    });
  };

  return (
    <form
      className="agreement-form agreement-form--inline clause-state"
      aria-label={t('agreementConsole.state.formLabel', { number: clause.number })}
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem) void apply();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-state`}>{t('agreementConsole.state.label')}</label>
        <select id={`${id}-state`} value={to} onChange={(event) => setTo(event.target.value as ClauseState)}>
          {CLAUSE_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`agreementConsole.states.${state}`)}
            </option>
          ))}
        </select>
      </div>
      {choosing && (
        <fieldset className="clause-state__choice">
          <legend>{t('agreementConsole.state.choose')}</legend>
          {clause.alternatives.map((alternative) => (
            <label key={alternative.label} className="radio">
              <input
                type="radio"
                name={`${id}-choice`}
                value={alternative.label}
                checked={choice === alternative.label}
                onChange={() => setChoice(alternative.label)}
              />{' '}
              [{alternative.label}] {excerpt(firstWording(alternative.texts))}
            </label>
          ))}
        </fieldset>
      )}
      {chosen && (
        <div className="clause-state__result" data-testid={`clause-${clause.number}-result`}>
          <p className="field__help">{t('bracketResolve.result')}</p>
          <TextsSideBySide
            texts={resultTexts}
            authentic={authentic}
            label={t('bracketResolve.result')}
          />
        </div>
      )}
      <FormActions
        handle={handle}
        submitLabel={t('agreementConsole.state.apply')}
        canSubmit={problem === null}
        reason={
          problem &&
          t(`agreementConsole.state.problems.${problem}`, {
            state: t(`agreementConsole.states.${to}`),
            language: t(`agreementConsole.languages.${authentic}`),
          })
        }
      />
    </form>
  );
}
