/**
 * Lists a workspace folder from disk: every file that .gitignore, the copy folders
 * (node_modules, .venv, build output, ...) and the exclude globs leave, without following
 * symbolic links, so nothing outside the folder is ever listed or read. Used by the CLI and by the
 * engine (the extension also applies VS Code's files.exclude before it hands paths over).
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isInCopyFolder } from './decoys';
import { isTemplateFile } from './extract-units';

export interface ScanOptions {
  /** Globs (gitignore syntax) of template files to index; all template types when empty. */
  include?: readonly string[];
  /** Globs (gitignore syntax) never indexed. */
  exclude?: readonly string[];
}

export interface WorkspaceListing {
  /** Every listed file, workspace-relative with `/` separators. */
  files: string[];
  /** The subset read for templates. */
  templates: string[];
}

/** Larger files are data, not prompts. */
export const MAX_TEMPLATE_BYTES = 512 * 1024;

export class TemplateFilter {
  private readonly includes: Ignore | undefined;
  private readonly excludes: Ignore;

  constructor(options: ScanOptions = {}) {
    this.includes = options.include?.length ? ignore().add([...options.include]) : undefined;
    this.excludes = ignore().add([...(options.exclude ?? [])]);
  }

  /** Whether a listed workspace file is read for templates. */
  accepts(relative: string): boolean {
    if (!isTemplateFile(relative) || isInCopyFolder(relative) || this.excludes.ignores(relative)) return false;
    return !this.includes || this.includes.ignores(relative);
  }
}

function readIgnoreFile(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
}

export function scanWorkspace(root: string, options: ScanOptions = {}): WorkspaceListing {
  const filter = new TemplateFilter(options);
  const files: string[] = [];
  const templates: string[] = [];
  // Each folder's .gitignore applies below it; the rules are kept with the folder they came from.
  const walk = (relDir: string, rules: { base: string; ig: Ignore }[]) => {
    const abs = relDir ? path.join(root, relDir) : root;
    const own = readIgnoreFile(abs);
    const active = own ? [...rules, { base: relDir, ig: ignore().add(own) }] : rules;
    const hidden = (rel: string, dir: boolean) => active.some(({ base, ig }) => {
      const sub = base ? rel.slice(base.length + 1) : rel;
      return ig.ignores(dir ? `${sub}/` : sub);
    });
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name === '.git' || isInCopyFolder(`${rel}/x`) || hidden(rel, true)) continue;
        walk(rel, active);
      } else if (entry.isFile() && !hidden(rel, false)) {
        files.push(rel);
        if (filter.accepts(rel)) templates.push(rel);
      }
    }
  };
  walk('', []);
  return { files, templates };
}

/** Reads a workspace file, refusing anything that resolves outside the root. */
export function readWorkspaceFile(root: string, relative: string): string | undefined {
  try {
    const realRoot = fs.realpathSync(root);
    const real = fs.realpathSync(path.join(root, relative));
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return undefined;
    const stat = fs.statSync(real);
    if (!stat.isFile() || stat.size > MAX_TEMPLATE_BYTES) return undefined;
    return fs.readFileSync(real, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Reads a file the scan listed. The scan never enters a symbolic link and lists only regular
 * files, so the path cannot lead outside the root and no realpath walk is needed.
 */
export function readListedFile(root: string, relative: string): string | undefined {
  try {
    const buffer = fs.readFileSync(path.join(root, relative));
    return buffer.length > MAX_TEMPLATE_BYTES ? undefined : buffer.toString('utf8');
  } catch {
    return undefined;
  }
}
