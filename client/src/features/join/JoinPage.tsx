import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/src/model.js';
import type { SessionGrant } from '../../../../shared/src/protocol.js';
import type { InvitePreview } from '../../../../shared/src/commands.js';
import { HttpError, previewInvite, redeemInvite } from '../../api/http.js';
import { inviteCodeFrom } from './invite-code.js';

type Redeem = (code: string, displayName: string) => Promise<SessionGrant>;
type Preview = (code: string) => Promise<InvitePreview>;

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
  preview = previewInvite,
}: {
  code: string | null;
  /** The name of a session already held in this browser, if any. */
  signedInAs?: string;
  /** A message from what happened before (removed, session ended, signed out). */
  notice?: string;
  onJoined: (grant: SessionGrant) => void;
  onContinue?: () => void;
  redeem?: Redeem;
  preview?: Preview;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [pasted, setPasted] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invite, setInvite] = useState<InvitePreview | null>(null);

  // [MB10] Say what the link is for before anyone types a name.
  useEffect(() => {
    if (code === null) return;
    let current = true;
    preview(code).then(
      (answer) => current && setInvite(answer),
      (failure: unknown) => {
        if (!current) return;
        const reason = failure instanceof HttpError ? failure.code : 'NETWORK';
        if (reason === 'INVITE_INVALID') setError(t('join.errors.INVITE_INVALID'));
      },
    );
    return () => {
      current = false;
    };
  }, [code, preview, t]);
  const reentry = invite?.memberName ?? null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const inviteCode = code ?? inviteCodeFrom(pasted);
    if (!inviteCode) return setError(t('join.errors.NO_CODE'));
    const displayName = reentry ?? name.trim();
    if (!displayName) return setError(t('join.errors.NO_NAME'));
    setBusy(true);
    setError(null);
    try {
      onJoined(await redeem(inviteCode, displayName));
    } catch (failure) {
      const code = failure instanceof HttpError ? failure.code : 'NETWORK';
      // [MB9] The name field caps the length, so a refused name is one already in use.
      if (code === 'INVALID_INPUT') setError(t('reentry.nameTaken'));
      else setError(t(`join.errors.${JOIN_ERRORS.has(code) ? code : 'OTHER'}`));
      setBusy(false);
    }
  };

  return (
    <main className="join">
      <div className="join__card">
        <h1 className="join__title">{t('join.title')}</h1>
        {invite ? (
          <p className="join__lead" data-testid="join-invite">
            {reentry !== null
              ? t('reentry.joinFor', { title: invite.talksTitle, name: reentry })
              : invite.partyName !== null
                ? t(invite.role === 'observer' ? 'reentry.inviteObserver' : 'reentry.inviteParty', {
                    title: invite.talksTitle,
                    role: t(`roles.${invite.role}`),
                    party: invite.partyName,
                  })
                : t('reentry.inviteRole', { title: invite.talksTitle, role: t(`roles.${invite.role}`) })}
          </p>
        ) : (
          <p className="join__lead">{t('join.lead')}</p>
        )}
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
          {reentry === null && (
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
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary button--wide" disabled={busy}>
            {busy ? t('join.joining') : reentry !== null ? t('reentry.signIn') : t('join.submit')}
          </button>
        </form>
        <p className="join__fineprint">{t('join.singleUse')}</p>
      </div>
    </main>
  );
}
