import {
  AGREEMENT_FORMAT,
  canonicalInputOfBundle,
  textHashOf,
  type AgreementBundle,
} from '../../../shared/src/agreement.js';
import { isErrorCode } from '../../../shared/src/errors.js';
import { HttpError } from './http.js';
import { loadSession } from './session-storage.js';

// The agreement export ([SIG4], docs/protocol.md §9.5, §13.5): a GET that needs the
// session token in the Authorization header, which a plain link cannot send. So the
// app fetches it and saves it itself (a Blob and an <a download>), byte for byte as
// the server made it, so what is saved is exactly what `agreement verify` checks.

export interface FetchedBundle {
  /** The server's JSON, unchanged: what is saved to disk. */
  json: string;
  bundle: AgreementBundle;
  fileName: string;
}

export const bundleFileName = (bundle: Pick<AgreementBundle, 'talksId' | 'version'>): string =>
  `agreement-${bundle.talksId.slice(0, 8)}-v${bundle.version}.json`;

/** The name the server gave in Content-Disposition, else the same name it would give. */
function fileNameOf(response: Response, bundle: AgreementBundle): string {
  const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return named && /^[\w.-]+$/.test(named) ? named : bundleFileName(bundle);
}

const isBundle = (value: unknown): value is AgreementBundle =>
  typeof value === 'object' &&
  value !== null &&
  'format' in value &&
  value.format === AGREEMENT_FORMAT &&
  'texts' in value &&
  Array.isArray(value.texts) &&
  'signatures' in value &&
  Array.isArray(value.signatures);

const errorOf = (body: unknown, status: number): HttpError => {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error } = body;
    if (typeof error === 'object' && error !== null && 'code' in error && isErrorCode(error.code)) {
      const message = 'message' in error && typeof error.message === 'string' ? error.message : '';
      return new HttpError(error.code, message);
    }
  }
  return new HttpError(status >= 500 ? 'INTERNAL' : 'NOT_FOUND', `HTTP ${status}`);
};

/** GET /api/talks/:talksId/agreement with the session token. */
export async function fetchAgreementBundle(
  talksId: string,
  token: string | null = loadSession()?.token ?? null,
  fetchImpl: typeof fetch = fetch,
): Promise<FetchedBundle> {
  if (!token) throw new HttpError('UNAUTHENTICATED', 'No session token.');
  let response: Response;
  try {
    response = await fetchImpl(`/api/talks/${encodeURIComponent(talksId)}/agreement`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
  } catch {
    throw new HttpError('NETWORK', 'The server could not be reached.');
  }
  const json = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(json);
  } catch {
    // Not JSON: reported by status below.
  }
  if (!response.ok) throw errorOf(body, response.status);
  if (!isBundle(body)) throw new HttpError('INTERNAL', 'The answer is not an agreement bundle.');
  return { json, bundle: body, fileName: fileNameOf(response, body) };
}

/** Saves text as a file through a temporary object URL. */
export function saveAsFile(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, so the download has started.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Whether the bundle's text still hashes to its textHash: a quick check before printing. */
export const bundleTextIntact = async (bundle: AgreementBundle): Promise<boolean> =>
  (await textHashOf(canonicalInputOfBundle(bundle))) === bundle.textHash;
