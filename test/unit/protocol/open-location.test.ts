/** Which `file:line` locations from telemetry the host may open: existing files inside the workspace only. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveWorkspaceFile } from '../../../src/host/panels/open-location';

let base: string;
let workspace: string;
let outside: string;

before(() => {
  base = realpathSync(mkdtempSync(path.join(tmpdir(), 'tl-open-location-')));
  workspace = path.join(base, 'ws');
  outside = path.join(base, 'outside');
  mkdirSync(path.join(workspace, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(workspace, 'src', 'agent.py'), 'print(1)\n');
  writeFileSync(path.join(outside, 'secret.txt'), 'no\n');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(workspace, 'src', 'link-out.txt'));
  symlinkSync(outside, path.join(workspace, 'dir-out'));
});
after(() => rmSync(base, { recursive: true, force: true }));

test('opens files inside the workspace: absolute, relative to a root, file:// URLs', async () => {
  const file = path.join(workspace, 'src', 'agent.py');
  assert.equal(await resolveWorkspaceFile(file, [workspace]), file);
  assert.equal(await resolveWorkspaceFile('src/agent.py', [workspace]), file);
  assert.equal(await resolveWorkspaceFile('./src/agent.py', [path.join(base, 'nope'), workspace]), file, 'any root may hold it');
  assert.equal(await resolveWorkspaceFile(pathToFileURL(file).href, [workspace]), file);
});

test('refuses files outside the workspace, also through .. and symlinks', async () => {
  assert.equal(await resolveWorkspaceFile(path.join(outside, 'secret.txt'), [workspace]), null);
  assert.equal(await resolveWorkspaceFile('../outside/secret.txt', [workspace]), null);
  assert.equal(await resolveWorkspaceFile(path.join(workspace, 'src', '..', '..', 'outside', 'secret.txt'), [workspace]), null);
  assert.equal(await resolveWorkspaceFile('src/link-out.txt', [workspace]), null, 'a symlink pointing out');
  assert.equal(await resolveWorkspaceFile('dir-out/secret.txt', [workspace]), null, 'a directory symlink pointing out');
});

test('refuses what is not an existing file, and works with no workspace', async () => {
  assert.equal(await resolveWorkspaceFile('src/missing.py', [workspace]), null);
  assert.equal(await resolveWorkspaceFile('src', [workspace]), null, 'a directory');
  assert.equal(await resolveWorkspaceFile(workspace, [workspace]), null, 'the root itself');
  assert.equal(await resolveWorkspaceFile('', [workspace]), null);
  assert.equal(await resolveWorkspaceFile('file://server/share/x.py', [workspace]), null);
  assert.equal(await resolveWorkspaceFile(path.join(workspace, 'src', 'agent.py'), []), null);
});
