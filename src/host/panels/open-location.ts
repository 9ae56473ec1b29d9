/**
 * Where a `file:line` from telemetry may be opened: only a file that exists inside one of the
 * workspace folders, after resolving symlinks (a link inside the workspace pointing out of it does
 * not count). Telemetry can name any path; opening arbitrary files on its say-so is not allowed.
 * No `vscode` import: plain Node, testable without an editor.
 */
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' ? false : !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function realFile(candidate: string): Promise<string | null> {
  try {
    const real = await fs.realpath(candidate);
    return (await fs.stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

/** The real path of the file to open, or null when it is not an existing file inside a root. */
export async function resolveWorkspaceFile(file: string, workspaceRoots: readonly string[]): Promise<string | null> {
  let name = file.trim();
  if (name.startsWith('file://')) {
    try {
      name = fileURLToPath(name);
    } catch {
      return null; // file://host/share and other forms that are not local paths
    }
  }
  if (!name || name.includes('\0')) return null;
  const roots = (await Promise.all(workspaceRoots.map((r) => fs.realpath(r).catch(() => null)))).filter((r): r is string => r !== null);
  const candidates = path.isAbsolute(name) ? [name] : roots.map((root) => path.resolve(root, name));
  for (const candidate of candidates) {
    const real = await realFile(candidate);
    if (real && roots.some((root) => isInside(real, root))) return real;
  }
  return null;
}
