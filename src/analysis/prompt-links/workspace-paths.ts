/**
 * Call-site paths recorded elsewhere (a container's `/app/src/x.py`, CI, a colleague's home, a path
 * relative to the app's working directory) mapped onto the workspace's own files. A path that
 * stays outside the workspace maps to nothing: it is shown, never opened or read.
 */

export interface PathMapping {
  from: string;
  /** A folder; `${workspaceFolder}` and `.` stand for the workspace root. */
  to: string;
}

export interface WorkspaceFiles {
  /** Absolute root with `/` separators, no trailing slash. */
  root: string;
  has(relativePath: string): boolean;
  /** Workspace paths by their last component. */
  byBaseName(baseName: string): readonly string[];
}

const toSlashes = (p: string): string => p.replace(/\\/g, '/');

/** Resolves `.` and `..`; undefined when the path climbs above its start. */
export function normalizeRelative(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

function stripRoot(path: string, root: string): string | undefined {
  const r = root.replace(/\/+$/, '');
  if (path === r) return '';
  return path.startsWith(`${r}/`) ? path.slice(r.length + 1) : undefined;
}

/** Parses `FROM=TO` as given to `--path-map`. */
export function parsePathMapping(spec: string): PathMapping {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`--path-map wants FROM=TO, got '${spec}'`);
  return { from: spec.slice(0, eq), to: spec.slice(eq + 1) };
}

function applyMappings(path: string, mappings: readonly PathMapping[], root: string): string {
  for (const { from, to } of mappings) {
    const f = toSlashes(from).replace(/\/+$/, '');
    if (path !== f && !path.startsWith(`${f}/`)) continue;
    const target = toSlashes(to).replace('${workspaceFolder}', root).replace(/\/+$/, '');
    const base = target === '.' || target === '' ? root : target.startsWith('/') || /^[A-Za-z]:/.test(target) ? target : `${root}/${target}`;
    return base + path.slice(f.length);
  }
  return path;
}

/** The workspace file a recorded path names, or undefined. */
export function mapToWorkspace(recorded: string, files: WorkspaceFiles, mappings: readonly PathMapping[] = []): string | undefined {
  let path = toSlashes(recorded.trim()).replace(/^file:\/\//, '');
  if (!path) return undefined;
  path = applyMappings(path, mappings, files.root);
  const absolute = path.startsWith('/') || /^[A-Za-z]:\//.test(path);
  if (absolute) {
    const inside = stripRoot(path, files.root);
    if (inside !== undefined) {
      const rel = normalizeRelative(inside);
      return rel && files.has(rel) ? rel : undefined;
    }
  } else {
    const rel = normalizeRelative(path);
    if (rel === undefined) return undefined;
    if (files.has(rel)) return rel;
  }
  // Another machine's layout: the longest tail of the path that names exactly one workspace file.
  const parts = path.split('/').filter((p) => p && p !== '.' && p !== '..');
  const base = parts[parts.length - 1];
  const named = files.byBaseName(base);
  for (let k = 0; k < parts.length; k++) {
    const tail = parts.slice(k).join('/');
    const hits = named.filter((f) => f === tail || f.endsWith(`/${tail}`));
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined;
  }
  return undefined;
}
