/** A workspace folder read from disk into a linker: listing, index, path mappings. */
import path from 'node:path';
import { PromptIndex } from './prompt-index';
import { WorkspaceFileSet } from './workspace-file-set';
import { WorkspaceLinker } from './workspace-linker';
import type { PathMapping } from './workspace-paths';
import { readListedFile, scanWorkspace, type ScanOptions } from './workspace-scan';

export function loadWorkspace(root: string, mappings: readonly PathMapping[] = [], options: ScanOptions = {}): WorkspaceLinker {
  const absolute = path.resolve(root).split(path.sep).join('/');
  const listing = scanWorkspace(root, options);
  const index = new PromptIndex();
  for (const rel of listing.templates) {
    const text = readListedFile(root, rel);
    if (text !== undefined) index.update(rel, text);
  }
  return new WorkspaceLinker(index, new WorkspaceFileSet(absolute, listing.files), mappings);
}
