/** Keeps the rooms apart without anyone having to remember (rules in import-rules.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../factories/fixture-payloads';
import { specifiers, violations, type SourceFile } from './import-rules';

function sources(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push({ path: rel, text: readFileSync(path.join(ROOT, rel), 'utf8') });
  }
  return out;
}

test('the engine, analyses and protocol never import vscode; webviews import only their rooms', () => {
  const files = [...sources('src'), ...sources('webview')];
  assert.ok(files.some((f) => f.path.startsWith('src/engine/')) && files.some((f) => f.path.startsWith('webview/trace/')), 'the walk found the sources');
  assert.deepEqual(violations(files), []);
});

test('the rules catch what they forbid (so the test above can fail)', () => {
  const bad: SourceFile[] = [
    { path: 'src/engine/store/x.ts', text: "import * as vscode from 'vscode';" },
    { path: 'src/analysis/x.ts', text: "import type { Uri } from 'vscode';\nexport { a } from '../host/config';" },
    { path: 'src/protocol/x.ts', text: "const v = require('vscode');" },
    { path: 'webview/trace/x.tsx', text: "import { TracePanelSession } from '../../src/host/panels/trace-panel-session';" },
    { path: 'webview/components/x.tsx', text: "import { readFileSync } from 'node:fs';\nimport { x } from '../../src/engine/store/trace-store';" },
  ];
  assert.deepEqual(violations(bad), [
    'src/engine/store/x.ts imports vscode',
    'src/analysis/x.ts imports vscode',
    'src/analysis/x.ts imports the host (../host/config)',
    'src/protocol/x.ts imports vscode',
    'webview/trace/x.tsx imports src/host/panels/trace-panel-session (webviews may import only webview/, src/protocol/, src/analysis/, media/)',
    'webview/components/x.tsx imports node:fs (not available in a webview)',
    'webview/components/x.tsx imports src/engine/store/trace-store (webviews may import only webview/, src/protocol/, src/analysis/, media/)',
  ]);
  const fine: SourceFile[] = [
    { path: 'webview/trace/ok.tsx', text: "import '../../media/webview/trace.css';\nimport { h } from 'preact';\nimport type { X } from '../../src/protocol/trace-panel';\n// import * as vscode from 'vscode';" },
    { path: 'src/host/ok.ts', text: "import * as vscode from 'vscode';" },
  ];
  assert.deepEqual(violations(fine), []);
});

test('specifiers: every import form, multi-line imports, and not the ones in comments', () => {
  const text = "import a from 'a';\nimport {\n  b,\n} from 'b';\nimport 'c.css';\nexport * from './d';\nexport type { E } from './e';\nconst f = require('f');\nconst g = await import('g');\n/* import x from 'x'; */\n// import y from 'y';";
  assert.deepEqual(specifiers(text), ['a', 'b', 'c.css', './d', './e', 'f', 'g']);
});
