import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// [ID10] The data directory holds every word of every talks (and the signing key):
// only the account running Parley may enter it (0700) or read its files (0600).
// Files that already exist with looser modes (made by an older version, or under
// a permissive umask) are tightened at start, and the caller logs what changed.

export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Creates the directory 0700 if missing; returns one line per path whose mode was tightened. */
export function tightenDataDir(dataDir: string, fileNames: readonly string[]): string[] {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const tightened: string[] = [];
  const tighten = (path: string, mode: number) => {
    if (!existsSync(path)) return;
    const current = statSync(path).mode & 0o777;
    if ((current & ~mode) === 0) return;
    chmodSync(path, mode);
    tightened.push(`${path}: ${current.toString(8)} -> ${mode.toString(8)}`);
  };
  tighten(dataDir, DATA_DIR_MODE);
  for (const name of fileNames) tighten(join(dataDir, name), DATA_FILE_MODE);
  return tightened;
}
