/**
 * Where the app explains, in plain words and the reader's language, how to check a
 * downloaded agreement file. A page of the app itself (served like every other page),
 * so the link works on any deployment, offline from the project's website; the same
 * guide, with the technical adviser's steps, is docs/verify-agreement.md.
 */
export const VERIFY_HELP_PATH = '/help/verify-agreement';

export const isVerifyHelpPath = (pathname: string): boolean =>
  pathname.replace(/\/+$/, '') === VERIFY_HELP_PATH;
