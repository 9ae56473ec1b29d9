/**
 * Keeps the .vsix honest: `vsce ls` (what `npm run package` would ship, read from .vscodeignore)
 * holds every runtime file the manifest and the bundles need, and no sources, tests, fixtures,
 * source maps or the command line. Needs `npm run build` (the unit stage runs after it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

let listed: string[] | undefined;
function packagedFiles(): string[] {
  if (listed) return listed;
  const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  listed = out.split('\n').map((line) => line.trim()).filter(Boolean);
  return listed;
}

/** Every file path the manifest points at (icons, walkthrough media, the entry point). */
function manifestFiles(): string[] {
  const found = new Set<string>([pkg.main.replace(/^\.\//, ''), pkg.icon]);
  const visit = (value: unknown, key = ''): void => {
    if (typeof value === 'string') {
      if (/^(icon|image|markdown|svg|path)$/i.test(key) && /\.(png|svg|md|gif|jpe?g)$/i.test(value) && !value.startsWith('$(')) {
        found.add(value.replace(/^\.\//, ''));
      }
    } else if (Array.isArray(value)) {
      value.forEach((v) => visit(v, key));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(pkg.contributes);
  return [...found];
}

test('the .vsix holds every file the manifest and the bundles load', () => {
  const files = new Set(packagedFiles());
  const needed = [
    ...manifestFiles(),
    'dist/engine-worker.js',
    'dist/sql-wasm.wasm',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    // Every webview bundle that was built (the panels load dist/webview/<panel>.js and .css).
    ...fs.readdirSync(path.join(root, 'dist/webview')).filter((f) => /\.(js|css)$/.test(f)).map((f) => `dist/webview/${f}`),
  ];
  const missing = needed.filter((file) => !files.has(file));
  assert.deepEqual(missing, [], `missing from the .vsix: ${missing.join(', ')}`);
  assert.ok(needed.length >= 9, 'the manifest names its icon and main file');
});

test('every walkthrough step shows an image that ships in the .vsix', () => {
  const files = new Set(packagedFiles());
  const steps = (pkg.contributes.walkthroughs as Array<{ steps: Array<{ id: string; media: { image?: string; svg?: string; altText?: string } }> }>)
    .flatMap((w) => w.steps);
  assert.equal(steps.length, 4);
  for (const { id, media } of steps) {
    const file = media.image ?? media.svg;
    assert.ok(file && file.startsWith('media/walkthrough/'), `${id}: ${file}`);
    assert.ok(files.has(file), `${id}: ${file} is not packaged`);
    assert.ok(media.altText && media.altText.length > 20, `${id} has no alt text`);
    const bytes = fs.readFileSync(path.join(root, file));
    if (file.endsWith('.png')) assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', file);
    else assert.match(bytes.toString('utf8'), /^<svg [^>]*viewBox=/, file);
  }
});

test('the .vsix holds no sources, tests, fixtures, maps, dependencies or command line', () => {
  const files = packagedFiles();
  assert.ok(files.length > 0, 'vsce listed no files');
  const unwanted = files.filter((file) =>
    /^(src|test|webview|bench|demo|docs|node_modules|out|\.ci)\//.test(file) ||
    /\.(ts|tsx|map)$/.test(file) ||
    file === 'dist/cli.js' || file.startsWith('bin/'));
  assert.deepEqual(unwanted, []);
});

test('the manifest carries what the Marketplace shows, and runs where the app runs', () => {
  for (const key of ['displayName', 'description', 'publisher', 'license', 'icon', 'repository', 'galleryBanner']) {
    assert.ok(pkg[key], `package.json lacks ${key}`);
  }
  assert.ok(Array.isArray(pkg.keywords) && pkg.keywords.length > 0 && pkg.keywords.length <= 30);
  // The receiver must listen where the traced app runs: the remote side of a container/WSL/SSH window.
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  const png = fs.readFileSync(path.join(root, pkg.icon));
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), 128, 'icon width');
  assert.equal(png.readUInt32BE(20), 128, 'icon height');
});

test('the categories are ones VS Code accepts, and fit what the extension contributes', () => {
  // VS Code's list (extensionsRegistry.ts in VS Code 1.139); the Marketplace files an extension under these.
  const accepted = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Extension Packs', 'Education', 'Formatters', 'Keymaps',
    'Language Packs', 'Linters', 'Machine Learning', 'Notebooks', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing',
    'Themes', 'Visualization', 'Other'];
  const categories: string[] = pkg.categories;
  assert.ok(categories.length > 0);
  for (const c of categories) assert.ok(accepted.includes(c), `${c} is not a VS Code category`);
  // "Debuggers" is for debug adapters, and "Testing" for test runners: Tracelight contributes neither.
  if (categories.includes('Debuggers')) assert.ok(pkg.contributes.debuggers, 'Debuggers without a debug adapter');
  if (categories.includes('Testing')) assert.fail('Testing is for test runners (vscode.tests), which Tracelight does not register');
});
