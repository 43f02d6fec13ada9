import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ERROR_CODES } from '../../../shared/src/errors.js';
import { NO_ANSWER } from '../api/transport.js';

const KNOWN: ReadonlySet<string> = new Set([...ERROR_CODES, NO_ANSWER, 'NETWORK']);

/** Plain words for an error code, in the reader's language; the server's own message otherwise. */
export function useErrorText(): (code: string, message: string) => string {
  const { t } = useTranslation();
  return useCallback(
    (code: string, message: string) => (KNOWN.has(code) ? t(`errors.${code}`) : message),
    [t],
  );
}
