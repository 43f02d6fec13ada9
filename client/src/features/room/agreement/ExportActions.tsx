import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementBundle } from '../../../../../shared/src/agreement.js';
import { fetchAgreementBundle, saveAsFile, type FetchedBundle } from '../../../api/agreement-export.js';
import { HttpError } from '../../../api/http.js';
import { useErrorText } from '../../../components/use-error-text.js';
import { VerifyHelpLink } from '../../help/VerifyHelpLink.js';

type ExportState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; code: string; message: string };

/**
 * The agreement export ([SIG4]): the JSON bundle saved as a file, exactly as the server
 * made it (what a technical adviser checks offline), or a printable page of it, and for
 * everyone else plain words and a link to how to check the file.
 */
export function ExportActions({
  talksId,
  onPrint,
}: {
  talksId: string;
  onPrint: (bundle: AgreementBundle) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });

  const fetchThen = async (then: (fetched: FetchedBundle) => void) => {
    setState({ kind: 'loading' });
    try {
      then(await fetchAgreementBundle(talksId));
      setState({ kind: 'idle' });
    } catch (error) {
      const code = error instanceof HttpError ? error.code : 'NETWORK';
      setState({ kind: 'failed', code, message: error instanceof Error ? error.message : '' });
    }
  };

  return (
    <div className="export-actions" role="group" aria-label={t('agreementRoom.export.label')}>
      <button
        type="button"
        className="button"
        disabled={state.kind === 'loading'}
        data-testid="agreement-download"
        onClick={() => void fetchThen((fetched) => saveAsFile(fetched.json, fetched.fileName))}
      >
        {t('agreementRoom.export.download')}
      </button>
      <button
        type="button"
        className="button"
        disabled={state.kind === 'loading'}
        data-testid="agreement-printable"
        onClick={() => void fetchThen((fetched) => onPrint(fetched.bundle))}
      >
        {t('agreementRoom.export.printable')}
      </button>
      <div className="command-status" role="status" aria-live="polite">
        {state.kind === 'loading' && <span>{t('agreementRoom.export.loading')}</span>}
        {state.kind === 'failed' && (
          <span className="form-error" data-testid="export-error">
            {t('agreementRoom.export.failed', { reason: errorText(state.code, state.message) })}
          </span>
        )}
      </div>
      <VerifyHelpLink />
    </div>
  );
}
