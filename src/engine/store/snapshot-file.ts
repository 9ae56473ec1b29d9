/**
 * The database snapshot on disk: written atomically (temporary file in the same directory, then
 * rename), so a crash or a failure mid-write leaves the previous snapshot intact.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MAGIC } from './snapshot-format';
import { isStreamedSnapshot, type SnapshotSource } from './snapshot-load';

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes temporary files a save left when its process was killed mid-write (a big snapshot takes
 * seconds to write; the extension host ends the engine after a timeout): those of this process
 * (its saves run one at a time, so none is under way) and of processes no longer running.
 */
async function removeAbandonedTemps(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.`;
  for (const name of await readdir(path.dirname(file)).catch(() => [] as string[])) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || !isAlive(pid))) await unlink(path.join(path.dirname(file), name)).catch(() => undefined);
  }
}

async function writeAtomically(file: string, write: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await removeAbandonedTemps(file);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await write(temp);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function writeSnapshot(file: string, bytes: Uint8Array): Promise<void> {
  await writeAtomically(file, (temp) => writeFile(temp, bytes));
}

/**
 * Writes a streamed snapshot's frames as they come (TraceStore.snapshotFrames: each is one slice
 * of the store's work, and awaiting its write lets other work run); returns the bytes written.
 * Flushed to disk before the rename, so the file that replaces the last one is whole.
 */
export async function writeSnapshotFrames(file: string, frames: Iterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  await writeAtomically(file, async (temp) => {
    const handle = await open(temp, 'w');
    try {
      await handle.write(MAGIC);
      bytes = MAGIC.length;
      // A failed write ends the loop, which ends the generator (its `finally` undoes its notes).
      for (const frame of frames) {
        await handle.write(frame);
        bytes += frame.length;
      }
      await handle.datasync();
    } finally {
      await handle.close();
    }
  });
  return bytes;
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

/** A streamed snapshot's file, read a frame at a time as it loads. */
function fileSource(fd: number): SnapshotSource {
  let position = 0;
  return {
    read: (length) => {
      const buffer = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const got = readSync(fd, buffer, filled, length - filled, position);
        if (got === 0) break;
        filled += got;
        position += got;
      }
      return buffer.subarray(0, filled);
    },
    close: () => closeSync(fd),
  };
}

/**
 * The snapshot to load: a streamed one as a source read while it loads (close it after), one in
 * the SQLite format (written before) as its bytes; null when there is none yet.
 */
export async function openSnapshot(file: string): Promise<SnapshotSource | Uint8Array | null> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const prefix = Buffer.alloc(MAGIC.length);
  try {
    readSync(fd, prefix, 0, prefix.length, 0);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (isStreamedSnapshot(prefix)) return fileSource(fd);
  closeSync(fd);
  return readFile(file);
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
