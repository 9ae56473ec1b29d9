/**
 * Every Python fixture run against what really happened (ground-truth.json: the fake model server's
 * log and the app's declared intent): each model call once, with the requested and served model the
 * server saw, tokens summing to what it reported, the system prompt once, no template names, errors
 * with their model and without a false "content not captured".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rollupOf } from './fixture-loader';
import { chatCalls, modelCalls, PYTHON_FAMILIES, reportedTokens, runsOf } from './python-ground-truth';

/**
 * Embeddings calls the payload does not record, so the trace cannot count them: OpenInference's
 * LangChain instrumentor alone records no span for `OpenAIEmbeddings` (checked in the payload).
 */
function embeddingsNotTraced(family: string, label: string): boolean {
  return family === 'python-openinference' && label === 'langchain rag';
}

for (const family of PYTHON_FAMILIES) {
  const runs = runsOf(family);

  test(`${family}: trace tokens sum to what the fake server reported, each call counted once`, () => {
    for (const r of runs) {
      if (r.scenario === 'error') continue;
      const { usage } = rollupOf(r.fixture);
      const reported = reportedTokens(embeddingsNotTraced(family, r.label) ? { ...r, calls: chatCalls(r) } : r);
      assert.deepEqual({ inputTokens: usage.inputTokens, outputTokens: usage.outputTokens }, reported, `${r.label}`);
    }
  });

  test(`${family}: one llm span per model call, with the requested and the served model`, () => {
    for (const r of runs) {
      const calls = modelCalls(r.fixture);
      const sent = chatCalls(r);
      assert.equal(calls.length, sent.length, `${r.label}: llm spans ${calls.map((c) => c.span.name).join(', ')}`);
      calls.forEach((s, i) => {
        assert.equal(s.requestModel ?? s.model, sent[i].requestModel, `${r.label} call ${i}: requested model`);
        // The served model where the payload names one (Strands and Logfire's stream spans name only the requested one).
        if (s.model && s.model !== s.requestModel) assert.equal(s.model, sent[i].servedModel, `${r.label} call ${i}: served model`);
      });
    }
  });

  test(`${family}: the system prompt once and the user's question in each model call`, () => {
    for (const r of runs) {
      const calls = modelCalls(r.fixture);
      calls.forEach((s, i) => {
        if (!s.input || s.contentCaptured === false) return; // content capture off
        const sentSystem = chatCalls(r)[i].roles!.filter((role) => role === 'system').length;
        const system = s.input.messages.filter((m) => m.role === 'system').length;
        assert.equal(system, sentSystem, `${r.label} call ${i}: system messages ${JSON.stringify(s.input.messages.map((m) => m.role))}`);
        assert.ok(s.input.messages.some((m) => m.role === 'user'), `${r.label} call ${i}: a user message`);
      });
    }
  });

  test(`${family}: names are what the app wrote, not message templates`, () => {
    for (const r of runs) {
      for (const s of r.fixture.spans) {
        const name = s.name ?? s.span.name;
        assert.doesNotMatch(name, /\{[a-z_\][!'"]+[^}]*\}/i, `${r.label}: ${name}`);
      }
      const root = r.fixture.spans.find((s) => s.span.parentSpanId === null)!;
      assert.ok((root.name ?? root.span.name).includes(r.scenario), `${r.label}: root ${root.name ?? root.span.name}`);
    }
  });

  test(`${family}: a failed call keeps its model and error, and claims nothing about content capture`, () => {
    for (const r of runs.filter((x) => x.scenario === 'error')) {
      const [sent] = chatCalls(r);
      assert.equal(sent.status, 404);
      const failed = modelCalls(r.fixture);
      assert.equal(failed.length, 1, r.label);
      assert.equal(failed[0].requestModel, sent.requestModel, `${r.label}: model of the failed call`);
      assert.match(failed[0].error?.message ?? '', /404|does not exist|not found/i, `${r.label}: error`);
      if (!failed[0].input && !failed[0].output) assert.equal(failed[0].contentCaptured, undefined, `${r.label}: no claim about capture`);
    }
  });
}
