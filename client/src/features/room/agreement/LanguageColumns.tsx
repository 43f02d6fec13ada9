import { useTranslation } from 'react-i18next';
import type { TermSnapshot } from '../../../../../shared/src/events.js';
import { LANGUAGES, type Language, type LanguageTexts } from '../../../../../shared/src/model.js';
import { GlossaryText } from './GlossaryText.js';

/**
 * One wording in English, Ukrainian and Russian side by side: the authentic language
 * says so, every other is marked as not authentic, a missing translation says so.
 */
export function LanguageColumns({
  texts,
  authentic,
  glossary,
  label,
}: {
  texts: LanguageTexts;
  authentic: Language;
  glossary: readonly Pick<TermSnapshot, 'term' | 'definition'>[];
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="languages" role="group" aria-label={label}>
      {LANGUAGES.map((language) => (
        <div
          key={language}
          className={`languages__column${language === authentic ? ' languages__column--authentic' : ''}`}
          data-testid={`text-${language}`}
        >
          <p className="languages__head">
            <span className="languages__name">{t(`agreementRoom.languages.${language}`)}</span>{' '}
            {language === authentic ? (
              <span className="badge badge--authentic">{t('agreementRoom.text.authentic')}</span>
            ) : (
              <span className="badge badge--not-authentic">{t('agreementRoom.text.notAuthentic')}</span>
            )}
          </p>
          {texts[language] ? (
            <p className="languages__text" lang={language}>
              <GlossaryText
                text={texts[language]}
                language={language}
                glossary={glossary}
                authentic={authentic}
              />
            </p>
          ) : (
            <p className="languages__missing">{t('agreementRoom.text.notTranslated')}</p>
          )}
        </div>
      ))}
    </div>
  );
}
