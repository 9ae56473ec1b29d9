/**
 * The database snapshot on disk: written atomically (temporary file in the same directory, then
 * rename), so a crash mid-write leaves the previous snapshot intact.
 */
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export async function writeSnapshot(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** The snapshot's bytes, or null when there is none yet. */
export async function readSnapshot(file: string): Promise<Uint8Array | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Moves a snapshot that could not be opened out of the way, so that the next save does not
 * overwrite it (it may be from a newer version of Tracelight, or worth recovering by hand).
 * Returns where it now is.
 */
export async function setAsideSnapshot(file: string, now = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const aside = `${file}.unopened-${stamp}`;
  await rename(file, aside);
  return aside;
}
