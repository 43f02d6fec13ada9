import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { algorithmOf, type AgreementBundle } from '../../../../../shared/src/agreement.js';
import { LANGUAGES } from '../../../../../shared/src/model.js';
import { bundleTextIntact } from '../../../api/agreement-export.js';
import { jwkThumbprint } from '../../../api/signing-key.js';
import { When } from '../../../components/When.js';
import { LanguageColumns } from './LanguageColumns.js';
import './agreement-room.css';

/** Thumbprints of the bundle's keys, by party, computed here (RFC 7638) rather than taken on trust. */
function useThumbprints(bundle: AgreementBundle): Record<string, string> {
  const [thumbprints, setThumbprints] = useState<Record<string, string>>({});
  useEffect(() => {
    let current = true;
    void Promise.all(
      bundle.signatures.map(
        async (signature) => [signature.partyId, await jwkThumbprint(signature.jwk)] as const,
      ),
    ).then((pairs) => {
      if (current) setThumbprints(Object.fromEntries(pairs));
    });
    return () => {
      current = false;
    };
  }, [bundle]);
  return thumbprints;
}

function useIntact(bundle: AgreementBundle): boolean | null {
  const [intact, setIntact] = useState<boolean | null>(null);
  useEffect(() => {
    let current = true;
    void bundleTextIntact(bundle).then((holds) => {
      if (current) setIntact(holds);
    });
    return () => {
      current = false;
    };
  }, [bundle]);
  return intact;
}

/**
 * The agreement as a printable page: the text in every language side by side, the
 * glossary, each signature with its key's thumbprint (to compare with the one each head
 * holds), and the audit chain's head. The app's header and controls are not printed.
 */
export function AgreementPrint({ bundle, onClose }: { bundle: AgreementBundle; onClose: () => void }) {
  const { t } = useTranslation();
  const thumbprints = useThumbprints(bundle);
  const intact = useIntact(bundle);
  const authentic = bundle.authenticLanguage;
  const signatureOf = new Map(bundle.signatures.map((signature) => [signature.partyId, signature]));
  return (
    <article
      className="agreement-print"
      aria-label={t('agreementRoom.print.label')}
      data-testid="agreement-print"
    >
      <div className="agreement-print__tools no-print">
        <button
          type="button"
          className="button button--primary"
          data-testid="print-now"
          onClick={() => window.print()}
        >
          {t('agreementRoom.print.print')}
        </button>
        <button type="button" className="button button--quiet" data-testid="print-close" onClick={onClose}>
          {t('agreementRoom.print.back')}
        </button>
      </div>
      <header className="agreement-print__header">
        <h2 className="agreement-print__title">{bundle.title}</h2>
        <p>{t('agreementRoom.print.subtitle', { version: bundle.version })}</p>
        <p>
          {t('agreementRoom.print.parties', {
            parties: bundle.parties.map((party) => party.name).join(', '),
          })}
        </p>
      </header>
      <dl className="agreement-print__facts">
        <dt>{t('agreementRoom.print.authentic')}</dt>
        <dd>{t(`agreementRoom.languages.${authentic}`)}</dd>
        <dt>{t('agreementRoom.print.textHash')}</dt>
        <dd>
          <code className="hash" data-testid="print-text-hash">
            {bundle.textHash}
          </code>{' '}
          {intact !== null && (
            <span
              className={`badge ${intact ? 'badge--agreed' : 'badge--objects'}`}
              data-testid="print-intact"
            >
              {intact ? t('agreementRoom.print.intact') : t('agreementRoom.print.notIntact')}
            </span>
          )}
        </dd>
        <dt>{t('agreementRoom.print.status')}</dt>
        <dd data-testid="print-status">
          {bundle.concluded ? t('agreementRoom.print.concluded') : t('agreementRoom.print.awaiting')}
        </dd>
        <dt>{t('agreementRoom.print.auditHead')}</dt>
        <dd>
          <code className="hash" data-testid="print-audit-head">
            {bundle.auditHead.hash}
          </code>{' '}
          <When at={bundle.auditHead.at} />
        </dd>
      </dl>
      <section className="agreement-print__section">
        <h3>{t('agreementRoom.print.text')}</h3>
        {bundle.texts.map((clause) => (
          <section
            key={clause.clauseId}
            className="agreement-print__clause"
            data-testid={`print-clause-${clause.number}`}
          >
            <h4>{t('agreementRoom.clause.label', { number: clause.number })}</h4>
            <LanguageColumns
              texts={clause.texts}
              authentic={authentic}
              glossary={bundle.glossary}
              label={t('agreementRoom.clause.languages', { number: clause.number })}
            />
          </section>
        ))}
      </section>
      {bundle.glossary.length > 0 && (
        <section className="agreement-print__section">
          <h3>{t('agreementRoom.glossary.title')}</h3>
          {bundle.glossary.map((term) => (
            <div key={term.termId} className="languages agreement-print__term" data-testid="print-term">
              {LANGUAGES.map((language) => (
                <div key={language} className="languages__column">
                  <p className="languages__head">
                    <span className="languages__name">{t(`agreementRoom.languages.${language}`)}</span>
                  </p>
                  {term.term[language] ? (
                    <p lang={language}>
                      <dfn className="glossary__word">{term.term[language]}</dfn>
                      {term.definition[language] ? `: ${term.definition[language]}` : ''}
                    </p>
                  ) : (
                    <p className="languages__missing">{t('agreementRoom.text.notTranslated')}</p>
                  )}
                </div>
              ))}
            </div>
          ))}
        </section>
      )}
      <section className="agreement-print__section">
        <h3>{t('agreementRoom.print.signatures')}</h3>
        <table className="agreement-print__signatures" data-testid="print-signatures">
          <thead>
            <tr>
              <th scope="col">{t('agreementRoom.print.party')}</th>
              <th scope="col">{t('agreementRoom.print.signedBy')}</th>
              <th scope="col">{t('agreementRoom.print.algorithm')}</th>
              <th scope="col">{t('agreementRoom.print.thumbprint')}</th>
            </tr>
          </thead>
          <tbody>
            {bundle.parties.map((party) => {
              const signature = signatureOf.get(party.id);
              return (
                <tr key={party.id} data-testid="print-signature" data-signed={signature ? 'true' : 'false'}>
                  <th scope="row">{party.name}</th>
                  <td>{signature ? signature.displayName : t('agreementRoom.print.notSigned')}</td>
                  <td>{signature ? algorithmOf(signature.jwk) : ''}</td>
                  <td>
                    {signature && (
                      <code className="hash" data-testid="print-thumbprint">
                        {thumbprints[party.id] ?? ''}
                      </code>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="field__help">{t('agreementRoom.print.thumbprintHint')}</p>
      </section>
    </article>
  );
}
