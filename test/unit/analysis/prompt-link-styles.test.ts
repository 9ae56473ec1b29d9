/**
 * The matcher, one template style at a time: each message is rendered by hand from the template
 * above it, and the expected lines are those of the template text in the file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { link, linkerOf, span, where } from './prompt-link-helpers';

test('Markdown: placeholders are holes, the comment header is not part of the range', () => {
  const l = linkerOf({ 'prompts/sys.md': '<!-- owner: team -->\n\n# Role\n\nYou help {{customer}} with orders and returns for the shop.\nBe {{tone}} and brief.\n' });
  const [sys, user] = link(l, span([['system', '# Role\n\nYou help Ada with orders and returns for the shop.\nBe kind and brief.'], ['user', 'Where is my parcel?']]));
  assert.equal(where(sys), 'prompts/sys.md:3-6');
  assert.equal(sys!.confidence, 1);
  assert.equal(user, undefined);
});

test('plain text with Python-style {name} holes, ending on a hole: the range reaches the hole line', () => {
  const l = linkerOf({ 'p/summarize.txt': 'Summarize this support conversation for a human agent.\nKeep it under {n} words.\n\nConversation:\n{conversation}\n' });
  const [s] = link(l, span([['user', 'Summarize this support conversation for a human agent.\nKeep it under 80 words.\n\nConversation:\nA: hi\nB: hello']]));
  assert.equal(where(s), 'p/summarize.txt:1-5');
});

test('Prompty: each role section links to its own lines, without the front matter or the role marker', () => {
  const text = '---\nname: x\nmodel:\n  api: chat\n---\nsystem:\nYou classify support tickets into one queue: billing or shipping.\n\nuser:\nTicket: {{ticket}}\n';
  const [sys, user] = link(linkerOf({ 'c.prompty': text }), span([['system', 'You classify support tickets into one queue: billing or shipping.'], ['user', 'Ticket: lost parcel']]));
  assert.equal(where(sys), 'c.prompty:7-7');
  assert.equal(where(user), 'c.prompty:10-10');
});

test('Dotprompt: {{role}} markers split sections; {{#each}} blocks are holes', () => {
  const text = '---\nmodel: x\n---\n{{role "system"}}\nExtract these fields from the customer email:\n{{#each fields}}- {{this}}\n{{/each}}\nUse null when a field is missing.\n{{role "user"}}\n{{email}}\n';
  const [sys] = link(linkerOf({ 'e.prompt': text }), span([['system', 'Extract these fields from the customer email:\n- id\n- product\nUse null when a field is missing.'], ['user', 'hello']]));
  assert.equal(where(sys), 'e.prompt:5-8');
});

test('Jinja: a {% for %} block repeats its body; the {# comment #} line is left out', () => {
  const text = '{# grounded answer #}\nAnswer using only the documents below, and cite them.\n{% for d in docs %}\n[{{ loop.index }}] {{ d }}\n{% endfor %}\nQuestion: {{ q }}\n';
  const [s] = link(linkerOf({ 'a.j2': text }), span([['user', 'Answer using only the documents below, and cite them.\n\n[1] A\n\n[2] B\n\nQuestion: why?']]));
  assert.equal(where(s), 'a.j2:2-6');
});

test('Handlebars {{#if}} section and Mustache {{#list}} section', () => {
  const l = linkerOf({
    'r.hbs': '{{!-- reply --}}\nWrite a reply to {{name}} about the order.\n{{#if urgent}}\nApologise for the delay before anything else.\n{{/if}}\nSign it as the Acme team.\n',
    'g.mustache': 'Hello {{name}}! These things changed in your account:\n{{#changes}}\n* {{.}}\n{{/changes}}\nReply if anything looks wrong.\n',
  });
  const [hbs, mus] = link(l, span([
    ['system', 'Write a reply to Ines about the order.\nSign it as the Acme team.'],
    ['user', 'Hello Ada! These things changed in your account:\n* card\n* address\nReply if anything looks wrong.'],
  ]));
  assert.equal(where(hbs), 'r.hbs:2-6');
  assert.equal(where(mus), 'g.mustache:1-5');
});

test('YAML: literal and folded block scalars and quoted values, by key, without the key line', () => {
  const yaml = 'agents:\n  planner:\n    system: |\n      You are the planning agent.\n      Use at most {n} steps for any request.\n    user: "Customer request to plan: {r}"\n  writer:\n    system: >\n      Turn the plan into one short,\n      friendly reply for the customer.\n';
  const [a, b, c] = link(linkerOf({ 'p.yaml': yaml }), span([
    ['system', 'You are the planning agent.\nUse at most 3 steps for any request.'],
    ['user', 'Customer request to plan: refund my kettle please'],
    ['system', 'Turn the plan into one short, friendly reply for the customer.'],
  ]));
  assert.equal(where(a), 'p.yaml:4-5');
  assert.equal(where(b), 'p.yaml:6-6');
  assert.equal(where(c), 'p.yaml:9-10');
});

test('JSON: a nested string value with \\n escapes', () => {
  const json = '{\n  "router": {\n    "system": "You are a router. Pick the specialist for this message.\\nAnswer with one word."\n  }\n}\n';
  const [s] = link(linkerOf({ 'r.json': json }), span([['system', 'You are a router. Pick the specialist for this message.\nAnswer with one word.']]));
  assert.equal(where(s), 'r.json:3-3');
});

test('TypeScript: template literal with ${} holes, + concatenation, [..].join(\'\\n\') and two constants in one message', () => {
  const ts = [
    'export const refund = (id: string) => `The customer asks about a refund for order ${id}.',
    'Explain the next step in two sentences.`;',
    'export const TONE =',
    "  'Write in plain English. ' +",
    "  'Never blame the customer for anything.';",
    'export const CHECKLIST = [',
    "  'Before escalating, check that:',",
    "  '1. the order number is valid.',",
    "].join('\\n');",
  ].join('\n');
  const [sys, user] = link(linkerOf({ 'src/p.ts': ts }), span([
    ['system', 'Write in plain English. Never blame the customer for anything.\n\nBefore escalating, check that:\n1. the order number is valid.'],
    ['user', 'The customer asks about a refund for order A-1.\nExplain the next step in two sentences.'],
  ]));
  assert.equal(where(sys), 'src/p.ts:4-5');
  assert.deepEqual(sys!.contributors, [{ path: 'src/p.ts', startLine: 7, endLine: 8 }]);
  assert.equal(where(user), 'src/p.ts:1-2');
});

test('Python: triple-quoted, str.format, f-string with an expression, implicit concatenation with %s', () => {
  const py = [
    'SYSTEM = """You summarize product reviews for the team.',
    'Group them into praise and complaints."""',
    'RATE = "Rate these reviews from 1 to 5: {reviews}. Answer with the number only."',
    'TRANSLATE = ("Translate the following review into English, keep names. "',
    '             "Review from %s: %s")',
    'def user(p, rs):',
    '    return f"""Product under review: {p.upper()}',
    'Reviews, one per line:',
    '{"\\n".join(rs)}"""',
  ].join('\n');
  const [a, b, c, d] = link(linkerOf({ 'py/prompts.py': py }), span([
    ['system', 'You summarize product reviews for the team.\nGroup them into praise and complaints.'],
    ['user', 'Rate these reviews from 1 to 5: good | bad. Answer with the number only.'],
    ['user', 'Translate the following review into English, keep names. Review from Lyon: très bien'],
    ['user', 'Product under review: KETTLE\nReviews, one per line:\ngood\nbad'],
  ]));
  assert.equal(where(a), 'py/prompts.py:1-2');
  assert.equal(where(b), 'py/prompts.py:3-3');
  assert.equal(where(c), 'py/prompts.py:4-5');
  assert.equal(where(d), 'py/prompts.py:7-9');
});

test('prompt-template attribute: the span\'s own template picks the file, via "template"', () => {
  const template = 'Answer from the context only.\nContext: {{ context }}\nQuestion: {{ question }}\n';
  const l = linkerOf({ 'a/answer.j2': template, 'b/answer.txt': template.replace(/\{\{ (\w+) \}\}/g, '{$1}') });
  const [s] = link(l, span([['user', 'Answer from the context only.\nContext: none\nQuestion: what?']], {
    attributes: { 'llm.prompt_template.template': template },
  }));
  assert.equal(where(s), 'a/answer.j2:1-3');
  assert.equal(s!.via, 'template');
});
