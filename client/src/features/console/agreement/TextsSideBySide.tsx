import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, type LanguageTexts } from '../../../../../shared/src/model.js';

/** One wording in English, Ukrainian and Russian, side by side; the authentic language is marked. */
export function TextsSideBySide({
  texts,
  authentic,
  label,
}: {
  texts: LanguageTexts;
  authentic: Language;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <div className="texts-side" role="group" aria-label={label}>
      {LANGUAGES.map((language) => (
        <div key={language} className="texts-side__column" lang={language} data-language={language}>
          <div className="texts-side__language">
            {t(`agreementConsole.languages.${language}`)}
            {language === authentic && (
              <span className="badge badge--authentic">{t('agreementConsole.authentic.badge')}</span>
            )}
          </div>
          {texts[language] ? (
            <p className="texts-side__text">{texts[language]}</p>
          ) : (
            <p className="texts-side__missing">{t('agreementConsole.text.notTranslated')}</p>
          )}
        </div>
      ))}
    </div>
  );
}
