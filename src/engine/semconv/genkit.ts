/**
 * Firebase Genkit. Keys use colons (`genkit:type`, `genkit:name`, `genkit:input`, `genkit:output`,
 * `genkit:metadata:subtype`, `genkit:state`, `genkit:sessionId`), and everything of interest is
 * inside the JSON of `genkit:input` / `genkit:output`, including token usage (Genkit puts usage only
 * there). A model action's input is a GenerateRequest (`{messages, config, tools}`), its output a
 * GenerateResponse (`{message, finishReason, usage}`, older versions `{candidates}`).
 *
 * Usage: Genkit's Google plugins map Gemini's `candidatesTokenCount` (which EXCLUDES thinking) to
 * `outputTokens` and report `thoughtsTokens` apart, so outputTokens here = outputTokens +
 * thoughtsTokens (the OTel meaning: output includes reasoning).
 */
import type { RetrievedDocument, SpanKind, Usage } from '../../protocol/trace-json';
import { isRecord, toNumber, toText } from './attributes';
import { toToolDefinitions } from './documents';
import { kindFromName, type Family, type FamilyFields, type SpanContext } from './family';
import { messagesFromValue } from './message-shapes';
import { cleanUsage } from './usage-shapes';

function kindOf(type: string | undefined, subtype: string | undefined): SpanKind | undefined {
  if (subtype === 'model') return 'llm';
  if (subtype === 'indexer') return 'chain';
  const fromSubtype = kindFromName(subtype);
  if (fromSubtype) return fromSubtype;
  if (type === 'flow' || type === 'flowStep' || type === 'util' || type === 'action') return 'chain';
  return undefined;
}

function genkitUsage(u: unknown): Usage | undefined {
  if (!isRecord(u)) return undefined;
  const input = toNumber(u.inputTokens);
  const output = toNumber(u.outputTokens);
  const thoughts = toNumber(u.thoughtsTokens);
  return cleanUsage({
    inputTokens: input,
    outputTokens: output === undefined ? undefined : output + (thoughts ?? 0),
    totalTokens: toNumber(u.totalTokens),
    cacheReadTokens: toNumber(u.cachedContentTokens),
    reasoningTokens: thoughts,
  });
}

/** Genkit documents: `{content:[{text}|{media}], metadata}`. */
function documents(list: unknown): RetrievedDocument[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const docs: RetrievedDocument[] = [];
  for (const d of list) {
    if (!isRecord(d)) continue;
    const texts = Array.isArray(d.content) ? d.content.map((p) => (isRecord(p) ? toText(p.text) : undefined)).filter((t) => t !== undefined) : [];
    const doc: RetrievedDocument = { rank: docs.length + 1 };
    if (texts.length > 0) doc.content = texts.join('');
    if (isRecord(d.metadata)) {
      doc.metadata = d.metadata;
      if (d.metadata.id !== undefined) doc.id = toText(d.metadata.id);
      const score = toNumber(d.metadata.score);
      if (score !== undefined) doc.score = score;
    }
    docs.push(doc);
  }
  return docs;
}

function read({ span, attrs }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  const subtype = attrs.str('genkit:metadata:subtype');
  f.kind = kindOf(attrs.str('genkit:type'), subtype);
  const name = attrs.str('genkit:name') ?? span.name;
  const input = attrs.value('genkit:input');
  const output = attrs.value('genkit:output');
  if (f.kind === 'llm') {
    f.requestModel = name;
    if (name.includes('/')) f.provider = name.split('/')[0].toLowerCase(); // "googleai/gemini-2.5-flash"
    const inMessages = messagesFromValue(input, 'input');
    if (inMessages) f.input = { messages: inMessages };
    const candidates = isRecord(output) && !output.message && Array.isArray(output.candidates) ? output.candidates : undefined;
    const outMessages = messagesFromValue(candidates ?? output, 'output');
    if (outMessages) f.output = { messages: outMessages };
    if (isRecord(output)) {
      f.usage = genkitUsage(output.usage);
      const finish = output.finishReason ?? (candidates && isRecord(candidates[0]) ? candidates[0].finishReason : undefined);
      if (typeof finish === 'string') f.finishReasons = [finish];
    }
    if (isRecord(input)) {
      f.toolDefinitions = toToolDefinitions(input.tools);
      if (isRecord(input.config)) f.requestParameters = input.config;
    }
  } else if (f.kind === 'embedding') {
    f.requestModel = name;
    if (name.includes('/')) f.provider = name.split('/')[0].toLowerCase();
    // EmbedRequest: `{input: [{content: [{text}]}]}`, one document per text.
    const docs = isRecord(input) && Array.isArray(input.input) ? input.input : [];
    const texts = docs.map((d) => (isRecord(d) && Array.isArray(d.content) ? d.content.map((p) => (isRecord(p) ? toText(p.text) ?? '' : '')).join('') : ''));
    if (texts.some((t) => t !== '')) f.input = { messages: [{ role: 'input', parts: texts.map((text) => ({ type: 'text' as const, text })) }] };
    if (isRecord(output)) f.usage = genkitUsage(output.usage);
  } else if (f.kind === 'tool') {
    f.tool = { name, arguments: attrs.text('genkit:input'), result: attrs.text('genkit:output') };
  } else if (f.kind === 'retrieval' && isRecord(output)) {
    const query = isRecord(input) ? input.query : undefined;
    const queryText = isRecord(query) && Array.isArray(query.content)
      ? query.content.map((p) => (isRecord(p) ? toText(p.text) ?? '' : '')).join('')
      : toText(query);
    f.retrieval = { query: queryText, documents: documents(output.documents) ?? [] };
  }
  if (!f.input && !f.output) {
    f.rawInput = attrs.get('genkit:input');
    f.rawOutput = attrs.get('genkit:output');
  }
  if (attrs.str('genkit:state') === 'error') f.error = { message: span.status.message };
  return f;
}

export const genkitFamily: Family = {
  name: 'genkit',
  applies: ({ attrs }) => attrs.hasNamespace('genkit'),
  read,
};
