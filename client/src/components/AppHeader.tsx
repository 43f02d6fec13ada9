import type { ReactNode } from 'react';
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
        {onSignOut && (
          <button type="button" className="button button--quiet" onClick={onSignOut}>
            {t('session.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
