// A tiny OpenAI-compatible model server on 127.0.0.1 for the demo: deterministic answers, no
// network, no key. POST /v1/chat/completions answers a question about an order by first calling
// the `lookup_order` tool, then answering from the tool result and the retrieved context.
// POST /v1/embeddings returns bag-of-words vectors, so retrieval by cosine similarity is meaningful.
'use strict';
const http = require('node:http');

const DIMENSIONS = 32;

/** A deterministic embedding: hashed word counts, normalized. */
function embed(text) {
  const v = new Array(DIMENSIONS).fill(0);
  for (const word of String(text).toLowerCase().match(/[a-z]{3,}/g) ?? []) {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    v[h % DIMENSIONS] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

const tokens = (text) => Math.max(1, Math.ceil(String(text ?? '').length / 4));

function chatCompletion(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages[messages.length - 1] ?? {};
  const promptTokens = messages.reduce((n, m) => n + tokens(typeof m.content === 'string' ? m.content : JSON.stringify(m)), 0);
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  let message;
  let finish = 'stop';
  if (last.role === 'user' && hasTools && /#\d+/.test(String(last.content))) {
    const order = String(last.content).match(/#(\d+)/)[1];
    message = { role: 'assistant', content: null, tool_calls: [{ id: `call_${order}`, type: 'function', function: { name: 'lookup_order', arguments: JSON.stringify({ order_id: order }) } }] };
    finish = 'tool_calls';
  } else if (last.role === 'tool') {
    const result = JSON.parse(String(last.content));
    const system = String(messages.find((m) => m.role === 'system')?.content ?? '');
    const policy = (system.match(/Refunds?[^.]*\./i) ?? ['Our policy applies.'])[0];
    message = { role: 'assistant', content: result.error
      ? `I could not find that order (${result.error}). Please check the number on your receipt. ${policy}`
      : `Order #${result.order_id} (${result.item}) was delivered on ${result.delivered}. ${policy} You can request a refund from your account page.` };
  } else {
    message = { role: 'assistant', content: 'Could you tell me your order number (for example #1042)?' };
  }
  const completionTokens = tokens(message.content ?? JSON.stringify(message.tool_calls));
  return {
    id: `chatcmpl-demo-${Date.now().toString(36)}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000),
    model: `${body.model ?? 'gpt-4o-mini'}-2024-07-18`,
    choices: [{ index: 0, message, finish_reason: finish }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

function embeddings(body) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  return {
    object: 'list', model: body.model ?? 'text-embedding-3-small',
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
    usage: { prompt_tokens: inputs.reduce((n, t) => n + tokens(t), 0), total_tokens: inputs.reduce((n, t) => n + tokens(t), 0) },
  };
}

/** Starts the server on a free loopback port; resolves to { url, close }. */
function startFakeLlmServer(port = 0) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body;
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'); } catch { body = null; }
      const send = (status, value) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(value)); };
      if (req.method !== 'POST' || !body) return send(400, { error: { message: 'POST a JSON body' } });
      if (req.url === '/v1/chat/completions') return send(200, chatCompletion(body));
      if (req.url === '/v1/embeddings') return send(200, embeddings(body));
      return send(404, { error: { message: `no route ${req.url}` } });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({ url: `http://127.0.0.1:${actual}/v1`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

module.exports = { startFakeLlmServer, embed };

if (require.main === module) {
  startFakeLlmServer(Number(process.env.PORT || 0)).then(({ url }) => console.log(`fake model server: ${url}`));
}
