import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartyId } from '../../../../../shared/src/ids.js';
import type { PublicSigningJwk } from '../../../../../shared/src/model.js';
import { partyName } from '../../../api/selectors.js';
import { signVersion, versionHash } from '../../../api/signing-key.js';
import { CommandStatusLine } from '../../../components/CommandStatusLine.js';
import { useTalks } from '../../../components/talks-context.js';
import { useCommand } from '../../../components/use-command.js';
import { When } from '../../../components/When.js';
import {
  signatureStatus,
  versionByNumber,
  type SharedVersionEntry,
} from '../../agreement/agreement-model.js';
import { packagePhase } from './party-agreement.js';
import { SignConsent } from './SignConsent.js';
import { SigningKeyStatus } from './SigningKeyStatus.js';
import type { SigningKeyHandle } from './use-signing-key.js';
import { useThumbprint } from './use-thumbprint.js';

/** The hash of the agreed version as this browser computes it from the version it holds. */
function useVersionHash(
  talks: { title: string; parties: { id: string; name: string }[] } | null,
  version: SharedVersionEntry | null,
): string | null {
  const [hash, setHash] = useState<{ of: SharedVersionEntry; hash: string } | null>(null);
  useEffect(() => {
    if (!talks || !version) return;
    let current = true;
    void versionHash(talks, version).then((value) => {
      if (current) setHash({ of: version, hash: value });
    });
    return () => {
      current = false;
    };
  }, [talks, version]);
  return hash && hash.of === version ? hash.hash : null;
}

/** The thumbprint of the key a signature was checked against, to compare with the printed page. */
function SignatureKey({ jwk }: { jwk: PublicSigningJwk }) {
  const { t } = useTranslation();
  const thumbprint = useThumbprint(jwk);
  if (!thumbprint) return null;
  return (
    <span className="field__help">
      {t('agreementRoom.key.thumbprint')}{' '}
      <code className="hash" data-testid="signature-thumbprint">
        {thumbprint}
      </code>
    </span>
  );
}

/**
 * After the package is agreed ([SIG2], [SIG3]): what exactly the head signs (this
 * version, this text hash, for this party), a consent step that names it all again with
 * the signer before anything is signed ([SIG6]), and who has signed so far. Signing is
 * the one act that names the head to the other delegations.
 */
export function SigningPanel({ partyId, signingKey }: { partyId: PartyId; signingKey: SigningKeyHandle }) {
  const { t } = useTranslation();
  const { view, me } = useTalks();
  const [consenting, setConsenting] = useState(false);
  const handle = useCommand({ onSuccess: () => setConsenting(false) });
  const [preparing, setPreparing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const model = view.agreement;
  const talks = view.talks;
  const agreed = model.agreed;
  const version = agreed ? versionByNumber(model, agreed.version) : null;
  const hash = useVersionHash(talks, version);
  if (!agreed || !talks) return null;
  const v = agreed.version;
  const statuses = signatureStatus(model);
  const ours = statuses.find((status) => status.partyId === partyId)?.signature ?? null;
  const otherHash = statuses.find(
    (status) => status.signature && status.signature.textHash !== hash,
  )?.signature;
  const party = partyName(view, partyId);
  const { key } = signingKey;
  const canSign =
    me.role === 'head' && !ours && packagePhase(talks.phase) && version !== null && key.state !== 'preparing';

  const sign = async () => {
    if (!version) return;
    setProblem(null);
    setPreparing(true);
    try {
      const ready = key.state === 'ready' ? key : await signingKey.registerThisBrowser();
      // A failure is told by the key's status line above the button.
      if (ready.state !== 'ready') {
        if (ready.state !== 'failed') setProblem(t('agreementRoom.sign.noKey'));
        return;
      }
      const { jws } = await signVersion(ready.key, talks, version, partyId);
      await handle.run({ type: 'agreement.sign', payload: { version: v, jws } });
    } catch {
      setProblem(t('agreementRoom.sign.cryptoFailed'));
    } finally {
      setPreparing(false);
    }
  };

  return (
    <div className="signing" data-testid="signing" data-version={v}>
      <p className="notice" data-testid="signing-agreed">
        {t('agreementRoom.sign.agreed', { version: v })}
      </p>
      <div className="signing__statement" data-testid="signing-statement">
        <p>{t('agreementRoom.sign.statement', { version: v, party, title: talks.title })}</p>
        <p>
          {t('agreementRoom.sign.hashLabel')}{' '}
          <code className="hash" data-testid="signing-text-hash">
            {hash ?? t('agreementRoom.sign.hashing')}
          </code>
        </p>
        <p className="field__help">{t('agreementRoom.sign.hashExplain')}</p>
        {otherHash && hash && (
          <p className="form-error" role="alert">
            {t('agreementRoom.sign.hashMismatch', { name: otherHash.displayName })}
          </p>
        )}
      </div>
      {me.role === 'head' && !ours && <SigningKeyStatus signingKey={signingKey} />}
      {canSign && !consenting && (
        <div className="card__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={preparing || handle.status.state === 'pending' || hash === null}
            data-testid="sign-agreement"
            onClick={() => setConsenting(true)}
          >
            {key.state === 'ready'
              ? t('signConsent.open', { version: v, party })
              : t('agreementRoom.sign.replaceAndSign', { version: v, party })}
          </button>
        </div>
      )}
      {canSign && consenting && hash !== null && (
        <SignConsent
          title={talks.title}
          version={v}
          hash={hash}
          party={party}
          signer={me.displayName}
          busy={preparing || handle.status.state === 'pending'}
          onSign={() => void sign()}
          onCancel={() => setConsenting(false)}
        />
      )}
      {canSign && (
        <div className="signing__status">
          {preparing && <span role="status">{t('agreementRoom.sign.signing')}</span>}
          <CommandStatusLine handle={handle} doneText={t('agreementRoom.sign.done')} />
        </div>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {me.role === 'head' && !ours && !packagePhase(talks.phase) && (
        <p className="field__help">{t('agreementRoom.sign.phase')}</p>
      )}
      {me.role === 'delegate' && !ours && <p className="field__help">{t('agreementRoom.sign.headOnly')}</p>}
      <h4 className="signing__title">{t('agreementRoom.sign.signatures')}</h4>
      <ul className="stack signing__list" aria-label={t('agreementRoom.sign.signatures')}>
        {statuses.map((status) => (
          <li
            key={status.partyId}
            className="signing__party"
            data-testid="party-signature"
            data-party={status.name}
            data-signed={status.signature ? 'true' : 'false'}
          >
            <strong>{status.name}</strong>:{' '}
            {status.signature ? (
              <>
                {t('agreementRoom.sign.signedBy', { name: status.signature.displayName })}{' '}
                <When at={status.signature.at} /> <SignatureKey jwk={status.signature.jwk} />
              </>
            ) : (
              t('agreementRoom.sign.notYet')
            )}
          </li>
        ))}
      </ul>
      {model.concluded && (
        <p className="notice" data-testid="agreement-concluded">
          {t('agreementRoom.sign.concluded', { version: model.concluded.version })}
        </p>
      )}
    </div>
  );
}
