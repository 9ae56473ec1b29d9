/** Call-site paths from other machines mapped onto the workspace; paths outside it map to nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapToWorkspace, parsePathMapping } from '../../../src/analysis/prompt-links/workspace-paths';
import { WorkspaceFileSet } from '../../../src/analysis/prompt-links/workspace-file-set';

const files = new WorkspaceFileSet('/home/me/acme', ['src/flows/support.ts', 'src/app.py', 'lib/app.py', 'py/review_app.py', 'index.ts', 'pkg/index.ts']);

test('absolute paths inside the root, relative paths, and trailing components of another layout', () => {
  assert.equal(mapToWorkspace('/home/me/acme/src/flows/support.ts', files), 'src/flows/support.ts');
  assert.equal(mapToWorkspace('py/review_app.py', files), 'py/review_app.py');
  assert.equal(mapToWorkspace('/home/dev/app/src/flows/support.ts', files), 'src/flows/support.ts');
  assert.equal(mapToWorkspace('file:///app/src/app.py', files), 'src/app.py');
  assert.equal(mapToWorkspace('C:\\Users\\dev\\acme\\src\\flows\\support.ts', files), 'src/flows/support.ts');
});

test('a tail naming two workspace files maps to nothing rather than a guess', () => {
  assert.equal(mapToWorkspace('/app/app.py', files), undefined);
  assert.equal(mapToWorkspace('/srv/index.ts', files), undefined);
});

test('paths outside the workspace: ../ escapes, unknown files, and the root folder itself', () => {
  assert.equal(mapToWorkspace('../secrets/app.py', files), undefined);
  assert.equal(mapToWorkspace('/home/me/acme/../other/src/flows/support.ts', files), undefined);
  assert.equal(mapToWorkspace('/etc/passwd', files), undefined);
  assert.equal(mapToWorkspace('/home/me/acme', files), undefined);
});

test('explicit mappings: FROM=TO with ${workspaceFolder} or ".", applied before tails', () => {
  assert.equal(mapToWorkspace('/app/app.py', files, [parsePathMapping('/app=${workspaceFolder}/lib')]), 'lib/app.py');
  assert.equal(mapToWorkspace('/srv/index.ts', files, [parsePathMapping('/srv=.')]), 'index.ts');
  assert.throws(() => parsePathMapping('nothing'), /FROM=TO/);
});
