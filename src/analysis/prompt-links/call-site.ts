/**
 * What the file that made a model call reads or imports: paths in its string literals and its
 * import specifiers, resolved to workspace files. A template in one of these files is the one the
 * code uses, which settles a tie between exact copies.
 */
import type { WorkspaceFiles } from './workspace-paths';
import { normalizeRelative } from './workspace-paths';

const QUOTED_PATH = /["'`]((?:\.{0,2}\/)?[\w@.\-/]+)["'`]/g;
const PY_IMPORT = /^\s*(?:from\s+(\.*[\w.]*)\s+import|import\s+([\w.]+))/gm;
const CODE_EXTENSIONS = ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.py', '/index.ts', '/index.js', '/__init__.py'];

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function resolveSpecifier(spec: string, fromDir: string, files: WorkspaceFiles): string[] {
  const found: string[] = [];
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const base = normalizeRelative(fromDir ? `${fromDir}/${spec}` : spec);
    if (base === undefined) return found;
    for (const ext of CODE_EXTENSIONS) if (files.has(base + ext)) found.push(base + ext);
    return found;
  }
  if (!spec.includes('.') || spec.startsWith('/')) return found;
  // A path relative to the app's working directory or the workspace: match it as a tail.
  const clean = normalizeRelative(spec);
  if (!clean) return found;
  const base = clean.slice(clean.lastIndexOf('/') + 1);
  for (const f of files.byBaseName(base)) if (f === clean || f.endsWith(`/${clean}`)) found.push(f);
  return found;
}

function pythonModule(spec: string, fromDir: string, files: WorkspaceFiles): string[] {
  const dots = /^\.*/.exec(spec)![0].length;
  let dir = fromDir;
  for (let i = 1; i < dots; i++) dir = dirOf(dir);
  const rel = spec.slice(dots).replace(/\./g, '/');
  const candidates = [dir ? `${dir}/${rel}` : rel, rel];
  const found: string[] = [];
  for (const c of candidates) for (const ext of ['.py', '/__init__.py']) if (files.has(c + ext)) found.push(c + ext);
  return found;
}

/** The workspace files a source file refers to (itself included). */
export function referencedFiles(path: string, text: string, files: WorkspaceFiles): Set<string> {
  const refs = new Set<string>([path]);
  const dir = dirOf(path);
  for (const m of text.matchAll(QUOTED_PATH)) for (const f of resolveSpecifier(m[1], dir, files)) refs.add(f);
  if (path.endsWith('.py')) {
    for (const m of text.matchAll(PY_IMPORT)) for (const f of pythonModule(m[1] ?? m[2], dir, files)) refs.add(f);
  }
  return refs;
}
