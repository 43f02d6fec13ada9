import { useTranslation } from 'react-i18next';
import { VERIFY_HELP_PATH } from './verify-link.js';

/** Plain words on what checking a file proves, and the link to the guide (in a new tab, so the room stays open). */
export function VerifyHelpLink() {
  const { t } = useTranslation();
  return (
    <p className="field__help" data-testid="verify-hint">
      {t('verifyHelp.hint')}{' '}
      <a href={VERIFY_HELP_PATH} target="_blank" rel="noopener" data-testid="verify-help-link">
        {t('verifyHelp.link')}
        <span className="visually-hidden"> {t('verifyHelp.newTab')}</span>
      </a>
    </p>
  );
}
