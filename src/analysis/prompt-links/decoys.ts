/**
 * Files that look like a prompt but are not the one the code uses. Vendored and built copies are
 * never indexed; backups, old copies and drafts are indexed but lose to any other match.
 */

/** Folders that hold copies: dependencies, virtual environments, build output, caches. */
const COPY_FOLDERS = new Set([
  'node_modules', 'bower_components', 'jspm_packages', '.venv', 'venv', '.virtualenv', 'site-packages', 'dist-packages',
  '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.git', '.hg', '.svn', 'dist', 'build', 'out', '.next',
  '.nuxt', '.svelte-kit', '.turbo', '.cache', 'coverage', 'target', '.vscode-test', '.idea',
]);

export function isInCopyFolder(path: string): boolean {
  return path.split('/').slice(0, -1).some((segment) => COPY_FOLDERS.has(segment));
}

const BACKUP_NAME = /(\.(bak|orig|old|backup|swp|tmp)|~)$/i;
const STALE_WORD = /(^|[._\- ])(copy|backup|old|draft|drafts|deprecated|unused|archive|archived)([._\- ]|$)/i;
const STALE_FOLDER = /^(old|backup|backups|archive|archived|drafts?|deprecated|trash|tmp)$/i;

/** A backup, an old copy or a draft, by its name or its folder. */
export function isStaleCopy(path: string): boolean {
  const segments = path.split('/');
  const base = segments[segments.length - 1];
  return BACKUP_NAME.test(base) || STALE_WORD.test(base.replace(/\.[^.]*$/, '')) || segments.slice(0, -1).some((s) => STALE_FOLDER.test(s));
}
