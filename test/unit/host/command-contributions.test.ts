/**
 * Keeps package.json honest: every contributed command is registered in the source, every
 * registered command is contributed, each has a title and the "Tracelight" category, and every
 * command the menus and welcome views point at exists.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

function registeredCommands(): Set<string> {
  const ids = new Set<string>();
  for (const file of [...sourceFiles(path.join(root, 'src/host')), path.join(root, 'src/extension.ts')]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/registerCommand\(\s*['"`]([\w.]+)['"`]/g)) ids.add(m[1]!);
  }
  return ids;
}

const contributed: Array<{ command: string; title?: string; category?: string }> = pkg.contributes?.commands ?? [];
const contributedIds = new Set(contributed.map((c) => c.command));

test('every contributed command is registered in the source', () => {
  const registered = registeredCommands();
  const missing = [...contributedIds].filter((id) => !registered.has(id));
  assert.deepEqual(missing, []);
});

test('every registered command is contributed', () => {
  const registered = registeredCommands();
  assert.ok(registered.size >= 10, `found only ${registered.size} registerCommand calls`);
  const missing = [...registered].filter((id) => !contributedIds.has(id));
  assert.deepEqual(missing, []);
});

test('commands have a title and the Tracelight category, and ids are unique', () => {
  assert.equal(contributedIds.size, contributed.length, 'duplicate command ids');
  for (const c of contributed) {
    assert.ok(c.command.startsWith('tracelight.'), c.command);
    assert.ok(c.title && c.title.trim().length > 2, `${c.command} has no title`);
    assert.equal(c.category, 'Tracelight', `${c.command} category`);
    assert.ok(!c.title!.startsWith('Tracelight'), `${c.command}: the category already says Tracelight`);
  }
});

test('the commands the task asks for are all there', () => {
  for (const id of [
    'tracelight.startReceiver', 'tracelight.stopReceiver', 'tracelight.restartReceiver', 'tracelight.clearTraces',
    'tracelight.copyEndpoint', 'tracelight.copyEnvironmentSnippet', 'tracelight.importOtlpFiles', 'tracelight.exportTrace',
    'tracelight.openTrace', 'tracelight.showOutput',
  ]) assert.ok(contributedIds.has(id), id);
});

test('menus and welcome links only point at contributed commands', () => {
  const menus: Record<string, Array<{ command: string }>> = pkg.contributes.menus;
  for (const [menu, entries] of Object.entries(menus)) {
    for (const e of entries) assert.ok(contributedIds.has(e.command), `${menu} → ${e.command}`);
  }
  for (const w of pkg.contributes.viewsWelcome as Array<{ contents: string }>) {
    for (const m of w.contents.matchAll(/\(command:([\w.]+)/g)) assert.ok(contributedIds.has(m[1]!), `welcome → ${m[1]}`);
  }
});

test('walkthrough buttons and completion events name contributed commands (or VS Code\'s own)', () => {
  const steps = (pkg.contributes.walkthroughs as Array<{ steps: Array<{ id: string; description: string; completionEvents?: string[] }> }>)
    .flatMap((w) => w.steps);
  assert.equal(steps.length, 4);
  const known = (id: string) => contributedIds.has(id) || id === 'tracelight.traces.focus' || id.startsWith('workbench.action.');
  for (const step of steps) {
    const links = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);
    assert.ok(links.length > 0, `${step.id} has no button`);
    for (const id of links) assert.ok(known(id), `${step.id} → ${id}`);
    assert.ok(step.completionEvents && step.completionEvents.length > 0, `${step.id} never completes`);
    for (const event of step.completionEvents!) {
      const command = /^onCommand:(.+)$/.exec(event)?.[1];
      if (command) assert.ok(known(command), `${step.id} completes on ${command}`);
    }
  }
});

test('the status bar\'s command list is the palette filtered to Tracelight, not a hand-kept list', () => {
  const text = fs.readFileSync(path.join(root, 'src/host/receiver-commands.ts'), 'utf8');
  assert.match(text, /'workbench\.action\.quickOpen', '>Tracelight: '/);
  assert.doesNotMatch(text, /showQuickPick\(actions/);
});

test('every setting has a description and the section it belongs to', () => {
  const sections = pkg.contributes.configuration as Array<{ id: string; properties: Record<string, { description?: string; markdownDescription?: string }> }>;
  let count = 0;
  for (const section of sections) {
    for (const [key, schema] of Object.entries(section.properties)) {
      count++;
      // A section may also hold one setting named after it (tracelight.pathMappings).
      assert.ok(key === section.id || key.startsWith(`${section.id}.`), `${key} is not under ${section.id}`);
      assert.ok((schema.description ?? schema.markdownDescription ?? '').length > 10, `${key} has no description`);
    }
  }
  assert.ok(count >= 10);
});

test('every setting read in config.ts is contributed', () => {
  const text = fs.readFileSync(path.join(root, 'src/host/config.ts'), 'utf8');
  const declared = new Set((pkg.contributes.configuration as Array<{ properties: object }>).flatMap((s) => Object.keys(s.properties)));
  const read = [...text.matchAll(/(?:get|explicit)<[^>]+>\((?:c, )?'([\w.]+)'/g)].map((m) => `tracelight.${m[1]}`);
  assert.ok(read.length >= 10);
  for (const key of read) assert.ok(declared.has(key), `${key} read but not contributed`);
});

test('the view container icon exists', () => {
  for (const c of pkg.contributes.viewsContainers.activitybar) assert.ok(fs.existsSync(path.join(root, c.icon)), c.icon);
});
