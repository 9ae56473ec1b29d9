import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeLabel, hasHiddenChars, revealHiddenChars, segmentText } from '../../../src/analysis/unicode-text';
import { findLookAlikes } from '../../../src/analysis/look-alikes';

test('a right-to-left override in a file name is marked, not obeyed', () => {
  const name = 'invoice_\u202Efdp.exe';
  const segments = segmentText(name);
  assert.deepEqual(segments.map((s) => ('text' in s ? s.text : escapeLabel(s.codePoint))), ['invoice_', '⟨U+202E⟩', 'fdp.exe']);
  const hidden = segments[1]!;
  assert.ok('hidden' in hidden && hidden.kind === 'bidi' && hidden.label === 'U+202E RIGHT-TO-LEFT OVERRIDE');
  assert.equal(revealHiddenChars(name), 'invoice_⟨U+202E⟩fdp.exe');
});

test('segments join back to the original text, for every class of hidden character', () => {
  const samples = [
    'approved \u2066\u202Eevil\u2069 payment', 'pay\u200Bpal.com', 'a\u00ADb', '\uFEFFstart', 'x\u200D\u200Cy',
    'ansi \u001b[0m.js', 'tag \u{E0041}\u{E0042}', 'nul\u0000byte', 'c1\u0085', 'plain text', '',
  ];
  for (const s of samples) {
    const joined = segmentText(s).map((seg) => ('text' in seg ? seg.text : seg.hidden)).join('');
    assert.equal(joined, s);
  }
});

test('each hidden class is found, ordinary text and emoji are left alone', () => {
  assert.equal(hasHiddenChars('pay\u200Bpal.com'), true);
  assert.equal(hasHiddenChars('ansi \u001b[0m'), true);
  assert.equal(hasHiddenChars('hidden \u{E0069}\u{E0067}'), true);
  assert.equal(hasHiddenChars('tab\tnewline\ncr\r'), false);
  assert.equal(hasHiddenChars('naïve café 東京 👩‍💻'.replace('\u200D', '')), false);
  const tags = segmentText('\u{E0041}').filter((s) => 'hidden' in s);
  assert.equal(tags.length, 1);
  assert.ok('hidden' in tags[0]! && tags[0].label === "U+E0041 TAG 'A'");
  const zw = segmentText('pay\u200Bpal').find((s) => 'hidden' in s);
  assert.ok(zw && 'hidden' in zw && zw.kind === 'invisible' && zw.label === 'U+200B ZERO WIDTH SPACE');
});

test('a megabyte string is segmented in one linear pass', () => {
  const big = ('word \u200B').repeat(150_000);
  const segments = segmentText(big);
  assert.equal(segments.length, 300_000);
});

test('mixed-script look-alikes are flagged; plain Latin and plain Cyrillic prose are not', () => {
  const cyrillicA = '\u0430';
  const found = findLookAlikes(`Log in at ${cyrillicA}pple.com to confirm`);
  assert.deepEqual(found.map((f) => [f.word, f.scripts]), [[`${cyrillicA}pple.com`, ['Cyrillic']]]);
  assert.equal(found[0]!.index, 'Log in at '.length);
  assert.deepEqual(findLookAlikes('p\u03B1ypal').map((f) => f.scripts), [['Greek']]);
  // A host written wholly in Cyrillic look-alikes but for its top-level domain.
  assert.equal(findLookAlikes('\u0430\u0440\u0440\u04CF\u0435.com').length, 1);
  assert.deepEqual(findLookAlikes('apple.com and paypal.com'), []);
  assert.deepEqual(findLookAlikes('Привет, как дела?'), []);
  assert.deepEqual(findLookAlikes('東京 naïve café'), []);
});
