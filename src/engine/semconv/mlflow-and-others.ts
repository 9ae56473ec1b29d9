/**
 * Smaller families, each a few keys:
 * - MLflow tracing: `mlflow.spanType`, `mlflow.spanInputs` / `mlflow.spanOutputs` (JSON),
 *   `mlflow.chat.tokenUsage` (JSON), `mlflow.chat.tools`; retriever outputs are LangChain-style
 *   documents (`{page_content, metadata, id}`).
 * - Google ADK: `gcp.vertex.agent.llm_request` (`{model, config:{system_instruction}, contents}`),
 *   `gcp.vertex.agent.llm_response` (`{content, usage_metadata}`; Gemini usage semantics, see
 *   usage-shapes.ts), `gcp.vertex.agent.tool_call_args` / `tool_response`.
 * - pydantic-ai: `pydantic_ai.all_messages` (GenAI-shaped message list), `final_result`.
 * - MCP: `mcp.method.name` (`tools/call` is a tool execution; the tool itself is in `gen_ai.tool.*`).
 * - LangWatch: `langwatch.prompt.id` (+ version) links the prompt.
 */
import type { SpanKind } from '../../protocol/trace-json';
import { isRecord, toText, type SpanAttributes } from './attributes';
import { toDocuments, toToolDefinitions } from './documents';
import { kindFromName, type Family, type FamilyFields, type SpanContext } from './family';
import { messagesFromValue } from './message-shapes';
import { findUsage, usageFromObject } from './usage-shapes';

/** MLflow JSON-encodes every attribute value, strings included: `mlflow.spanType` arrives as `"LLM"` with quotes. */
function unquote(text: string | undefined): string | undefined {
  return text && text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function mlflow(attrs: SpanAttributes, f: FamilyFields): void {
  const type = unquote(attrs.str('mlflow.spanType'));
  const kind: SpanKind | undefined = type === 'CHAT_MODEL' ? 'llm' : kindFromName(type);
  if (kind) f.kind = kind;
  const inputs = attrs.value('mlflow.spanInputs');
  const outputs = attrs.value('mlflow.spanOutputs');
  if (kind === 'llm') {
    const inMessages = messagesFromValue(inputs, 'input');
    const outMessages = messagesFromValue(outputs, 'output');
    if (inMessages) f.input = { messages: inMessages };
    if (outMessages) f.output = { messages: outMessages };
    f.usage = usageFromObject(attrs.value('mlflow.chat.tokenUsage')) ?? findUsage(outputs);
    f.toolDefinitions = toToolDefinitions(attrs.value('mlflow.chat.tools'));
  } else if (kind === 'retrieval') {
    const documents = toDocuments(outputs);
    if (documents) f.retrieval = { query: isRecord(inputs) ? toText(inputs.query ?? inputs.input) : toText(inputs), documents };
  } else if (kind === 'tool') {
    f.tool = { name: unquote(attrs.str('mlflow.spanFunctionName')) ?? '', arguments: attrs.text('mlflow.spanInputs'), result: attrs.text('mlflow.spanOutputs') };
  }
  if (!f.input) f.rawInput = attrs.get('mlflow.spanInputs');
  if (!f.output) f.rawOutput = attrs.get('mlflow.spanOutputs');
}

function googleAdk(attrs: SpanAttributes, f: FamilyFields): void {
  const request = attrs.value('gcp.vertex.agent.llm_request');
  const response = attrs.value('gcp.vertex.agent.llm_response');
  if (isRecord(request)) {
    const messages = messagesFromValue(request, 'input');
    if (messages) f.input = { messages };
    if (typeof request.model === 'string') f.requestModel = request.model;
    const config = isRecord(request.config) ? request.config : undefined;
    if (config) {
      const tools = Array.isArray(config.tools) ? config.tools.flatMap((t) => (isRecord(t) && Array.isArray(t.function_declarations) ? t.function_declarations : [])) : undefined;
      f.toolDefinitions = toToolDefinitions(tools);
    }
  }
  if (isRecord(response)) {
    const content = isRecord(response.content) ? { ...response.content, finish_reason: response.finish_reason } : undefined;
    const messages = content ? messagesFromValue([content], 'output') : undefined;
    if (messages) f.output = { messages };
    f.usage = findUsage(response);
  }
  if (attrs.has('gcp.vertex.agent.tool_call_args') || attrs.has('gcp.vertex.agent.tool_response')) {
    f.tool = {
      name: attrs.str('gen_ai.tool.name') ?? '',
      callId: attrs.str('gen_ai.tool.call.id'),
      arguments: attrs.text('gcp.vertex.agent.tool_call_args'),
      result: attrs.text('gcp.vertex.agent.tool_response'),
    };
  }
}

function read({ attrs }: SpanContext): FamilyFields {
  const f: FamilyFields = {};
  const contributed: string[] = [];
  if (attrs.hasNamespace('mlflow')) {
    mlflow(attrs, f);
    contributed.push('mlflow');
  }
  if (attrs.has('gcp.vertex.agent.llm_request') || attrs.has('gcp.vertex.agent.llm_response') || attrs.has('gcp.vertex.agent.tool_call_args')) {
    googleAdk(attrs, f);
    contributed.push('google-adk');
  }
  if (attrs.has('pydantic_ai.all_messages') || attrs.has('final_result')) contributed.push('pydantic-ai');
  const allMessages = attrs.value('pydantic_ai.all_messages');
  if (allMessages !== undefined && !f.input) {
    const messages = messagesFromValue(allMessages, 'input');
    if (messages) f.input = { messages };
    else f.rawInput = attrs.get('pydantic_ai.all_messages');
  }
  if (attrs.has('final_result') && !f.output) f.rawOutput = attrs.get('final_result');
  const langwatchPrompt = attrs.str('langwatch.prompt.id');
  if (langwatchPrompt) {
    f.prompt = { id: langwatchPrompt, version: attrs.str('langwatch.prompt.version.number') ?? attrs.str('langwatch.prompt.version.id') };
    contributed.push('langwatch');
  }
  const mcpMethod = attrs.str('mcp.method.name');
  if (mcpMethod === 'tools/call') f.kind ??= 'tool';
  if (mcpMethod) contributed.push('mcp');
  // Finer names than the module's, so `conventions` says which of these libraries sent the span.
  if (contributed.length > 0) f.conventions = contributed;
  return f;
}

export const mlflowAndOthersFamily: Family = {
  name: 'mlflow-and-others',
  applies: ({ attrs }) =>
    attrs.hasNamespace('mlflow') || attrs.hasNamespace('gcp') || attrs.hasNamespace('pydantic_ai') || attrs.has('final_result')
    || attrs.hasNamespace('mcp') || attrs.hasNamespace('langwatch'),
  read,
};
