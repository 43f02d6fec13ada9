import { useTranslation } from 'react-i18next';
import { signatureStatus } from '../../agreement/agreement-model.js';
import { EmptyState } from '../../../components/EmptyState.js';
import { useTalks } from '../../../components/talks-context.js';
import { When } from '../../../components/When.js';

/** Once the package is agreed, each head signs it ([SIG2]); all signatures conclude it ([SIG3]). */
export function SignaturesSection() {
  const { t } = useTranslation();
  const { view } = useTalks();
  const model = view.agreement;
  if (!model.agreed) {
    return (
      <div className="agreement-section" data-testid="signatures-section">
        <EmptyState>{t('agreementConsole.signatures.empty')}</EmptyState>
      </div>
    );
  }
  return (
    <div className="agreement-section" data-testid="signatures-section">
      <p className="package-summary" role="status" data-testid="signatures-summary">
        {model.concluded
          ? t('agreementConsole.signatures.concluded', { version: model.concluded.version })
          : t('agreementConsole.signatures.waiting', { version: model.agreed.version })}
      </p>
      {model.concluded && <p className="field__help">{t('agreementConsole.signatures.nextStep')}</p>}
      <table className="agreement-table" aria-label={t('agreementConsole.signatures.listLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('agreementConsole.package.party')}</th>
            <th scope="col">{t('agreementConsole.signatures.key')}</th>
            <th scope="col">{t('agreementConsole.signatures.signature')}</th>
          </tr>
        </thead>
        <tbody>
          {signatureStatus(model).map((row) => (
            <tr
              key={row.partyId}
              data-testid="signature-party"
              data-party={row.name}
              data-signed={row.signature ? 'yes' : 'no'}
            >
              <th scope="row">{row.name}</th>
              <td>
                {row.headKeyRegistered || row.signature
                  ? t('agreementConsole.signatures.keyRegistered')
                  : t('agreementConsole.signatures.noKey')}
              </td>
              <td>
                {row.signature ? (
                  <>
                    {t('agreementConsole.signatures.signedBy', { name: row.signature.displayName })}{' '}
                    <When at={row.signature.at} />
                  </>
                ) : (
                  t('agreementConsole.signatures.notSigned')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {model.concluded && (
        <p className="field__help">
          {t('agreementConsole.signatures.hash', { hash: model.concluded.textHash })}
        </p>
      )}
    </div>
  );
}
