import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../../../shared/src/model.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { FormActions } from './AgreementStatusLine.js';

/** The authentic language ([LNG1]): the one whose wording counts; every later version carries it. */
export function AuthenticLanguage({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { view } = useTalks();
  const handle = useCommand();
  const id = useId();
  const current = view.agreement.authenticLanguage;
  const [choice, setChoice] = useState<Language>(current);
  return (
    <form
      className="agreement-form agreement-form--inline"
      aria-label={t('agreementConsole.authentic.formLabel')}
      data-testid="authentic-language"
      onSubmit={(event) => {
        event.preventDefault();
        if (choice !== current) void handle.run({ type: 'text.setAuthentic', payload: { language: choice } });
      }}
    >
      <p className="authentic__now">
        {t('agreementConsole.authentic.current', { language: t(`agreementConsole.languages.${current}`) })}
      </p>
      {!disabled && (
        <>
          <div className="field">
            <label htmlFor={`${id}-language`}>{t('agreementConsole.authentic.label')}</label>
            <select
              id={`${id}-language`}
              value={choice}
              onChange={(event) => setChoice(event.target.value as Language)}
            >
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(`agreementConsole.languages.${language}`)}
                </option>
              ))}
            </select>
          </div>
          <FormActions
            handle={handle}
            submitLabel={t('agreementConsole.authentic.set')}
            canSubmit={choice !== current}
          />
        </>
      )}
    </form>
  );
}
