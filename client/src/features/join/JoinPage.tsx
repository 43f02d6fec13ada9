import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/src/model.js';
import type { SessionGrant } from '../../../../shared/src/protocol.js';
import { HttpError, redeemInvite } from '../../api/http.js';
import { inviteCodeFrom } from './invite-code.js';

type Redeem = (code: string, displayName: string) => Promise<SessionGrant>;

const JOIN_ERRORS: ReadonlySet<string> = new Set([
  'INVITE_INVALID',
  'INVALID_INPUT',
  'NETWORK',
  'RATE_LIMITED',
]);

/**
 * The page an invite link opens: asks for a display name and lets the person in.
 * Without a code in the link it asks for the link itself.
 */
export function JoinPage({
  code,
  signedInAs,
  notice,
  onJoined,
  onContinue,
  redeem = redeemInvite,
}: {
  code: string | null;
  /** The name of a session already held in this browser, if any. */
  signedInAs?: string;
  /** A message from what happened before (removed, session ended, signed out). */
  notice?: string;
  onJoined: (grant: SessionGrant) => void;
  onContinue?: () => void;
  redeem?: Redeem;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [pasted, setPasted] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const inviteCode = code ?? inviteCodeFrom(pasted);
    if (!inviteCode) return setError(t('join.errors.NO_CODE'));
    if (!name.trim()) return setError(t('join.errors.NO_NAME'));
    setBusy(true);
    setError(null);
    try {
      onJoined(await redeem(inviteCode, name.trim()));
    } catch (failure) {
      const code = failure instanceof HttpError ? failure.code : 'NETWORK';
      setError(t(`join.errors.${JOIN_ERRORS.has(code) ? code : 'OTHER'}`));
      setBusy(false);
    }
  };

  return (
    <main className="join">
      <div className="join__card">
        <h1 className="join__title">{t('join.title')}</h1>
        <p className="join__lead">{t('join.lead')}</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {signedInAs && onContinue && (
          <p className="join__continue">
            {t('join.signedInAs', { name: signedInAs })}{' '}
            <button type="button" className="button button--quiet" onClick={onContinue}>
              {t('join.continue', { name: signedInAs })}
            </button>
          </p>
        )}
        <form className="join__form" onSubmit={(event) => void submit(event)} noValidate>
          {code === null && (
            <div className="field">
              <label htmlFor={`${id}-link`}>{t('join.linkLabel')}</label>
              <input
                id={`${id}-link`}
                value={pasted}
                onChange={(event) => setPasted(event.target.value)}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={`${id}-link-help`}
              />
              <p className="field__help" id={`${id}-link-help`}>
                {t('join.linkHelp')}
              </p>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('join.nameLabel')}</label>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={LIMITS.maxNameChars}
              autoComplete="name"
              aria-describedby={`${id}-name-help`}
              autoFocus={code !== null}
            />
            <p className="field__help" id={`${id}-name-help`}>
              {t('join.nameHelp')}
            </p>
          </div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary button--wide" disabled={busy}>
            {busy ? t('join.joining') : t('join.submit')}
          </button>
        </form>
        <p className="join__fineprint">{t('join.singleUse')}</p>
      </div>
    </main>
  );
}
