import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DISCLOSURES, type Disclosure } from '../../../shared/src/model.js';

/** The three disclosure choices, each explained in plain words; nothing is pre-chosen. */
export function DisclosureChoice({
  value,
  onChange,
}: {
  value: Disclosure | null;
  onChange: (disclosure: Disclosure) => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="disclosure-choice">
      <legend>{t('disclosure.legend')}</legend>
      {DISCLOSURES.map((disclosure) => {
        const helpId = `${name}-${disclosure}-help`;
        return (
          <div key={disclosure} className={`choice ${value === disclosure ? 'choice--checked' : ''}`}>
            <label className="choice__label">
              <input
                type="radio"
                name={name}
                value={disclosure}
                checked={value === disclosure}
                onChange={() => onChange(disclosure)}
                aria-describedby={helpId}
                required
              />{' '}
              <span className={`badge badge--${disclosure}`}>{t(`disclosure.${disclosure}.label`)}</span>
            </label>
            <p className="choice__help" id={helpId}>
              {t(`disclosure.${disclosure}.explain`)}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
