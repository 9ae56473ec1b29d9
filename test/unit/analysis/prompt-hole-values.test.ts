/** Placeholder values read back from a rendered message, and the template re-rendered with them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holeValues, renderWithValues } from '../../../src/analysis/prompt-links/hole-values';
import { normalizeMessage } from '../../../src/analysis/prompt-links/match-pieces';
import { verbatim } from '../../../src/analysis/prompt-links/source-text';
import { templatePieces } from '../../../src/analysis/prompt-links/template-pieces';
import { link, linkerOf, span } from './prompt-link-helpers';

test('each placeholder gets the text between its neighbours; a loop block shares one value', () => {
  const template = 'Hello {{name}}, your order {order_id} is late.\n{% for d in docs %}- {{ d }}\n{% endfor %}\nThanks, ${team}';
  const pieces = templatePieces(verbatim(template, 0, template.length));
  const values = holeValues(pieces, normalizeMessage('Hello Ada Lovelace, your order A-1 is late.\n- one\n- two\nThanks, Support'));
  assert.deepEqual(values.map((v) => [template.slice(v.start, v.end + 1), v.value]), [
    ['{{name}}', 'Ada Lovelace'], ['{order_id}', 'A-1'], ['{% for d in docs %}', '- one - two'], ['${team}', 'Support'],
  ]);
  assert.equal(renderWithValues(template, pieces, values), 'Hello Ada Lovelace, your order A-1 is late.\n- one - two- \n\nThanks, Support');
});

test('the linker reports values by file line and column, and "changed" once the template was edited', () => {
  const file = '# Role\nYou help {{customer}} with orders and returns for the shop.\nBe {{tone}} and brief in every answer.\n';
  const message = '# Role\nYou help Ada with orders and returns for the shop.\nBe kind and brief in every answer.';
  const linker = linkerOf({ 'p/sys.md': file });
  const s = span([['system', message]]);
  const [view] = linker.linkSpans([s]).get(s.spanId)!.rendered();
  assert.deepEqual(view.values, [
    { line: 2, column: 9, endColumn: 21, value: 'Ada' },
    { line: 3, column: 3, endColumn: 11, value: 'kind' },
  ]);
  assert.equal(view.changed, false);
  assert.equal(view.current, message);

  const edited = linkerOf({ 'p/sys.md': file.replace('and brief in every answer', 'and brief in every single answer you give') });
  const [after] = edited.linkSpans([s]).get(s.spanId)!.rendered();
  assert.equal(link(edited, s)[0]?.path, 'p/sys.md');
  assert.equal(after.changed, true);
  assert.notEqual(after.current, after.sent);
});
