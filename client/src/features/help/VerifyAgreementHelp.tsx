import { useTranslation } from 'react-i18next';

const STEPS = ['hash', 'keys', 'adviser'] as const;

/**
 * "How to check this file", for heads, delegates and observers: plain words, no
 * command line. The command itself is for a technical adviser, in docs/verify-agreement.md.
 */
export function VerifyAgreementHelp() {
  const { t } = useTranslation();
  return (
    <main className="help" data-testid="verify-help">
      <h1 className="help__title">{t('verifyHelp.page.title')}</h1>
      <p>{t('verifyHelp.page.intro')}</p>
      {STEPS.map((step) => (
        <section key={step} className="help__step" aria-labelledby={`verify-help-${step}`}>
          <h2 id={`verify-help-${step}`}>{t(`verifyHelp.page.${step}Title`)}</h2>
          <p>{t(`verifyHelp.page.${step}Body`)}</p>
        </section>
      ))}
      <p className="notice">{t('verifyHelp.page.warning')}</p>
      <p>
        <a href="/">{t('verifyHelp.page.back')}</a>
      </p>
    </main>
  );
}
