import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.js';

/** The top bar: brand, the talks, who I am, live status, language and sign-out. */
export function AppHeader({
  title,
  children,
  onSignOut,
}: {
  title?: string;
  children?: ReactNode;
  onSignOut?: () => void;
}) {
  const { t } = useTranslation();
  // [MB8] Signing out ends this browser's session for good: ask first.
  const [confirming, setConfirming] = useState(false);
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="logo" aria-hidden="true">
          <span className="logo__a" />
          <span className="logo__b" />
        </span>
        <span className="app-header__name">{t('app.name')}</span>
        {title && <span className="app-header__title">{title}</span>}
      </div>
      <div className="app-header__tools">
        {children}
        <LanguageSwitch />
        {onSignOut && !confirming && (
          <button type="button" className="button button--quiet" onClick={() => setConfirming(true)}>
            {t('session.signOut')}
          </button>
        )}
        {onSignOut && confirming && (
          <span className="confirm-inline" role="group" aria-label={t('reentry.signOutLabel')}>
            <span>{t('reentry.signOutQuestion')}</span>{' '}
            <button type="button" className="button button--danger" onClick={onSignOut} autoFocus>
              {t('reentry.signOutConfirm')}
            </button>{' '}
            <button type="button" className="button button--quiet" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </span>
        )}
      </div>
    </header>
  );
}
