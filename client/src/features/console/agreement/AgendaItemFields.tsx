import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../../shared/src/model.js';

/** An agenda item's title and description, as both the add and the edit form ask for them. */
export function AgendaItemFields({
  title,
  description,
  onTitle,
  onDescription,
}: {
  title: string;
  description: string;
  onTitle: (title: string) => void;
  onDescription: (description: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('agreementConsole.agenda.title')}</label>
        <input
          id={`${id}-title`}
          value={title}
          maxLength={LIMITS.maxTitleChars}
          onChange={(event) => onTitle(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('agreementConsole.agenda.description')}</label>
        <textarea
          id={`${id}-description`}
          rows={2}
          value={description}
          maxLength={LIMITS.maxTextChars}
          onChange={(event) => onDescription(event.target.value)}
        />
      </div>
    </>
  );
}
