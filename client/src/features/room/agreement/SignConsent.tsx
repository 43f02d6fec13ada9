import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface SignConsentProps {
  title: string;
  version: number;
  hash: string;
  party: string;
  signer: string;
  busy: boolean;
  onSign: () => void;
  onCancel: () => void;
}

/**
 * The signing ceremony's consent step ([SIG6]): before anything is signed, the head sees
 * exactly what (the agreement's title, version and text hash), for whom (the party) and
 * by whom (their own name), and ticks an explicit confirmation naming both. Only the
 * button that follows signs; Cancel or Escape steps back without signing.
 */
export function SignConsent({
  title,
  version,
  hash,
  party,
  signer,
  busy,
  onSign,
  onCancel,
}: SignConsentProps) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [agreed, setAgreed] = useState(false);
  useEffect(() => heading.current?.focus(), []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !busy) {
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    // Escape steps back, as in a dialog.
    <section
      className="sign-consent"
      aria-labelledby={`${id}-heading`}
      data-testid="sign-consent"
      onKeyDown={onKeyDown}
    >
      <h4 className="sign-consent__heading" id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('signConsent.heading')}
      </h4>
      <dl className="sign-consent__facts">
        <dt>{t('signConsent.titleLabel')}</dt>
        <dd data-testid="consent-title">{title}</dd>
        <dt>{t('signConsent.versionLabel')}</dt>
        <dd data-testid="consent-version">{version}</dd>
        <dt>{t('signConsent.hashLabel')}</dt>
        <dd>
          <code className="hash" data-testid="consent-hash">
            {hash}
          </code>
        </dd>
        <dt>{t('signConsent.partyLabel')}</dt>
        <dd data-testid="consent-party">{party}</dd>
        <dt>{t('signConsent.signerLabel')}</dt>
        <dd data-testid="consent-signer">{t('signConsent.role', { name: signer, party })}</dd>
      </dl>
      <p className="sign-consent__final">{t('signConsent.final')}</p>
      <label className="sign-consent__check">
        <input
          type="checkbox"
          checked={agreed}
          data-testid="consent-check"
          onChange={(event) => setAgreed(event.target.checked)}
        />{' '}
        {t('signConsent.checkbox', { name: signer, party })}
      </label>
      <div className="card__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={!agreed || busy}
          aria-describedby={agreed ? undefined : `${id}-need`}
          data-testid="sign-confirm"
          onClick={onSign}
        >
          {t('signConsent.confirm', { name: signer, party })}
        </button>
        <button type="button" className="button button--quiet" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
        {!agreed && (
          <span className="field__help" id={`${id}-need`}>
            {t('signConsent.needCheck')}
          </span>
        )}
      </div>
    </section>
  );
}
