/**
 * The rooms of the codebase and who may import whom, checked on the source text:
 * - `src/engine`, `src/analysis`, `src/protocol` run outside VS Code (worker, CLI, webviews): they
 *   never import `vscode`, nor the host that does.
 * - `webview/` runs in a browser page: it imports only `webview/`, `src/protocol/`,
 *   `src/analysis/` and styles from `media/`, and no Node built-in or `vscode`.
 */
import { builtinModules } from 'node:module';
import * as path from 'node:path';

export interface SourceFile {
  /** Repository-relative path with `/` separators. */
  path: string;
  text: string;
}

const SPECIFIER = /(?:\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?|\bexport\s+(?:type\s+)?[^'";]*?\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;

/** Every module specifier a file names in import, export-from, require() or import(). */
export function specifiers(text: string): string[] {
  // Comments may quote imports as examples; they are not imports.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
  return [...code.matchAll(SPECIFIER)].map((m) => m[1]);
}

const NO_VSCODE_ROOMS = ['src/engine/', 'src/analysis/', 'src/protocol/'];
const WEBVIEW_MAY_IMPORT = ['webview/', 'src/protocol/', 'src/analysis/', 'media/'];
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function resolveRelative(from: string, spec: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
}

export function violations(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const spec of specifiers(file.text)) {
      const target = spec.startsWith('.') ? resolveRelative(file.path, spec) : null;
      if (NO_VSCODE_ROOMS.some((room) => file.path.startsWith(room))) {
        if (spec === 'vscode') found.push(`${file.path} imports vscode`);
        if (target && (target.startsWith('src/host/') || target === 'src/extension')) found.push(`${file.path} imports the host (${spec})`);
      }
      if (file.path.startsWith('webview/')) {
        if (target && !WEBVIEW_MAY_IMPORT.some((room) => target.startsWith(room))) found.push(`${file.path} imports ${target} (webviews may import only ${WEBVIEW_MAY_IMPORT.join(', ')})`);
        if (!target && (spec === 'vscode' || NODE_BUILTINS.has(spec))) found.push(`${file.path} imports ${spec} (not available in a webview)`);
      }
    }
  }
  return found;
}
