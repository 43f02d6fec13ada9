import { randomUUID } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface DurableWriteOptions {
  /** The file's mode (owner-only by default: Parley's files hold keys and talks content). */
  mode?: number;
  /** Only create: if the file exists, leave it and answer false (two nodes making one key). */
  exclusive?: boolean;
}

/**
 * [FLT6] Writes a whole file so that after a crash or a power cut it is either
 * the old file or the new one, never empty or half-written: written under a
 * temporary name next to it (mode 0600), flushed with fsync, renamed (or linked,
 * when `exclusive`) over the final name, and the directory flushed so the new
 * name itself survives. Answers false only when `exclusive` found the file there.
 */
export async function writeFileDurably(
  path: string,
  data: string | Uint8Array,
  options: DurableWriteOptions = {},
): Promise<boolean> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  const file = await open(temporary, 'wx', options.mode ?? 0o600);
  try {
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    if (options.exclusive) {
      try {
        await link(temporary, path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    } else {
      await rename(temporary, path);
    }
    await syncDirectory(dirname(path));
    return true;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Flushes a directory's entries (a new or renamed name) to disk. */
export async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}
