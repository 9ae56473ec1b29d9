/**
 * hasToolWord decides which conversation attributes are parsed for tool-call keys at ingest. It
 * must answer exactly what the case-insensitive regex it stands for answers: checked on the
 * conversation attributes of every fixture, on hand-written edge cases, and on generated strings
 * made of the characters the two could disagree on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { decodeTraces } from '../../../src/engine/otlp';
import { hasToolWord } from '../../../src/engine/store/tool-word';
import { fixturePath, manifest } from '../../factories/fixture-payloads';

/** What the word test is defined as. */
const TOOL_WORD = /"(?:server_)?(?:tool|function)/i;

test('hand-written cases: the word after a quote, in any case, server_ prefixed or not', () => {
  const cases: Array<[string, boolean]> = [
    ['[{"role":"tool","parts":[]}]', true],
    ['[{"role":"user","parts":[{"type":"text","content":"hi"}]}]', false],
    ['{"type":"functionCall"}', true],
    ['{"type":"FUNCTION_CALL_OUTPUT"}', true],
    ['{"type":"ToolMessage"}', true],
    ['{"type":"server_tool_use"}', true],
    ['{"type":"SERVER_TOOL_USE"}', true],
    ['{"type":"server_text"}', false],
    ['{"type":"server-tool"}', false],
    ['{"type":"server\x7ftool"}', false],
    ['the tool said "tool', true],
    ['a tool and a function, never after a quote', false],
    ['"', false],
    ['"too', false],
    ['"tOoL', true],
    ['"funct', false],
    ['', false],
    ['"ſerver_tool"', false],
    ['"\u212aool"', false],
  ];
  for (const [text, expected] of cases) {
    assert.equal(TOOL_WORD.test(text), expected, `the regex on ${JSON.stringify(text)}`);
    assert.equal(hasToolWord(text), expected, JSON.stringify(text));
  }
});

test('every conversation attribute of every fixture: the same answer as the regex', () => {
  let checked = 0;
  let matched = 0;
  for (const entry of manifest().filter((e) => e.signal === 'traces' && !e.expectError)) {
    let body = readFileSync(fixturePath(entry));
    if (entry.compression === 'gzip') body = gunzipSync(body);
    for (const span of decodeTraces(body, entry.encoding).items) {
      for (const value of Object.values(span.attributes)) {
        if (typeof value !== 'string' || !value.includes('"')) continue;
        const expected = TOOL_WORD.test(value);
        assert.equal(hasToolWord(value), expected, `${entry.path} ${span.spanId}: ${value.slice(0, 80)}`);
        checked++;
        if (expected) matched++;
      }
    }
  }
  assert.ok(checked > 200 && matched > 20 && matched < checked, `${checked} attributes checked, ${matched} with the word`);
});

test('generated strings over the characters where case folding could differ', () => {
  const alphabet = ['"', 's', 'S', 'e', 'r', 'v', 'V', '_', '-', 't', 'T', 'o', 'O', 'l', 'L', 'f', 'F', 'u', 'n', 'c', 'i', 'I', 'N', '\x7f', '\u017f', ' '];
  let seed = 12345;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  let positives = 0;
  for (let i = 0; i < 20_000; i++) {
    let text = '';
    const length = 1 + Math.floor(next() * 16);
    for (let j = 0; j < length; j++) text += alphabet[Math.floor(next() * alphabet.length)];
    // Half the strings carry a word that may or may not survive the random characters around it.
    if (next() < 0.5) text = text.slice(0, 4) + ['"tool', '"Function', '"server_TOOL', '"server_', '"fun'][Math.floor(next() * 5)] + text.slice(4);
    const expected = TOOL_WORD.test(text);
    if (expected) positives++;
    assert.equal(hasToolWord(text), expected, JSON.stringify(text));
  }
  assert.ok(positives > 2000, `${positives} strings with the word`);
});
