/**
 * Whether a conversation's JSON text can hold a tool call, a tool result or a tool message: it has
 * a JSON string starting with the word tool or function (server_tool for server-side tools), in
 * any case of ASCII letters. Every role, part type and key that message-parts.ts and
 * message-shapes.ts turn into one does: `"tool"`, `"tool_call_response"`, `"tool_calls"`,
 * `"toolUse"`, `"functionCall"`, `"function_call_output"`, `"ToolMessage"`, `"server_tool_use"`...
 * Free text that mentions a tool matches only where a quote happens to precede the word (it then
 * costs a parse, nothing else).
 *
 * The same answer as `/"(?:server_)?(?:tool|function)/i.test(text)` (a non-Unicode `i` regex folds
 * ASCII letters only), found by jumping from quote to quote with the native indexOf instead of
 * running a case-insensitive regex over every character: a model call's conversation is mostly
 * text between a few dozen quotes, and this test runs on both sides of every model call at ingest.
 */

/** `word` (lowercase ASCII letters and `_`) at `at` in `text`, letters in any case. */
function wordAt(text: string, at: number, word: string): boolean {
  if (at + word.length > text.length) return false;
  for (let i = 0; i < word.length; i++) {
    const expected = word.charCodeAt(i);
    const c = text.charCodeAt(at + i);
    // Only letters fold: `| 0x20` lowercases A-Z and leaves a-z alone.
    if (expected === 0x5f ? c !== 0x5f : (c | 0x20) !== expected) return false;
  }
  return true;
}

function toolWordAt(text: string, at: number): boolean {
  // By the first letter first: most quotes open a key or value starting otherwise.
  let first = text.charCodeAt(at) | 0x20;
  if (first === 0x73 /* s */) {
    if (!wordAt(text, at, 'server_')) return false;
    at += 7;
    first = text.charCodeAt(at) | 0x20;
  }
  if (first === 0x74 /* t */) return wordAt(text, at, 'tool');
  return first === 0x66 /* f */ && wordAt(text, at, 'function');
}

export function hasToolWord(text: string): boolean {
  for (let quote = text.indexOf('"'); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    if (toolWordAt(text, quote + 1)) return true;
  }
  return false;
}
