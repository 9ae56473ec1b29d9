/**
 * Message content → Tracelight message parts, for every content shape the families send:
 * - OTel GenAI parts: `text{content}`, `reasoning{content}`, `tool_call{id,name,arguments}`,
 *   `tool_call_response{id,response|result}`, `server_tool_call*`, `blob|file|uri`, generic parts;
 * - OpenAI chat/responses: `text`, `input_text`, `output_text`, `image_url`, `input_audio`, ...;
 * - Anthropic: `text`, `thinking`, `redacted_thinking`, `tool_use`, `tool_result`, `image`;
 * - Vercel AI SDK: `text`, `reasoning`, `tool-call`, `tool-result`, `image`, `file`;
 * - Gemini / Google ADK: untyped parts `{text}`, `{functionCall}`, `{functionResponse}`,
 *   `{inlineData}`, `{fileData}` (camelCase or snake_case);
 * - Genkit: untyped parts `{text}`, `{toolRequest}`, `{toolResponse}`, `{media}`, `{reasoning}`;
 * - Bedrock Converse (Strands): untyped `{toolUse}`, `{toolResult}`, `{reasoningContent}`.
 * Unknown part shapes are kept as text (their JSON) rather than dropped.
 */
import type { MessagePart } from '../../protocol/trace-json';
import { isRecord, toText } from './attributes';

/** Arguments and results are kept as text: strings as sent, structures as JSON. */
function jsonText(value: unknown): string | undefined {
  return toText(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function media(p: Record<string, unknown>, modality?: string): MessagePart {
  const part: Extract<MessagePart, { type: 'media' }> = { type: 'media' };
  const mime = str(p.mime_type) ?? str(p.mimeType) ?? str(p.media_type) ?? str(p.mediaType) ?? str(p.contentType);
  if (mime) part.mimeType = mime;
  const mod = str(p.modality) ?? modality ?? (mime ? mime.split('/')[0] : undefined);
  if (mod) part.modality = mod;
  const uri = str(p.uri) ?? str(p.url) ?? str(p.fileUri) ?? str(p.file_uri);
  // Inline data (base64 or data: URLs) is never decoded or copied here: only its length is kept.
  if (uri && !uri.startsWith('data:')) part.uri = uri;
  else if (uri) part.dataLength = uri.length;
  const fileId = str(p.file_id) ?? str(p.fileId);
  if (fileId) part.fileId = fileId;
  const data = p.content ?? p.data ?? p.image;
  if (typeof data === 'string' && !part.uri) {
    if (/^https?:\/\//.test(data)) part.uri = data;
    else part.dataLength = data.length;
  }
  return part;
}

function toolCall(id: unknown, name: unknown, args: unknown): MessagePart {
  const part: Extract<MessagePart, { type: 'tool_call' }> = { type: 'tool_call', name: str(name) ?? '' };
  const idText = str(id);
  if (idText) part.id = idText;
  const argText = jsonText(args);
  if (argText !== undefined) part.arguments = argText;
  return part;
}

function toolResult(id: unknown, result: unknown): MessagePart {
  const part: Extract<MessagePart, { type: 'tool_result' }> = { type: 'tool_result', result: jsonText(result) ?? '' };
  const idText = str(id);
  if (idText) part.id = idText;
  return part;
}

/** One part object (typed or untyped) → a Tracelight part. */
export function toPart(p: unknown): MessagePart | undefined {
  if (typeof p === 'string') return { type: 'text', text: p };
  if (!isRecord(p)) return p === undefined || p === null ? undefined : { type: 'text', text: jsonText(p) ?? '' };
  switch (p.type) {
    case 'text': case 'input_text': case 'output_text':
      return { type: 'text', text: str(p.text) ?? str(p.content) ?? '' };
    case 'reasoning': case 'thinking':
      return { type: 'reasoning', text: str(p.content) ?? str(p.text) ?? str(p.thinking) ?? summaryText(p.summary) ?? '' };
    case 'redacted_thinking':
      return { type: 'reasoning', text: '[redacted]' };
    case 'tool_call': case 'server_tool_call':
      return toolCall(p.id, p.name, p.arguments ?? p.server_tool_call);
    case 'tool_call_response': case 'server_tool_call_response':
      // The spec's schema says `response`; one of its doc examples used `result`: accept both.
      return toolResult(p.id, p.response ?? p.result ?? p.server_tool_call_response);
    case 'tool_use': case 'server_tool_use':
      return toolCall(p.id, p.name, p.input);
    case 'tool_result':
      return toolResult(p.tool_use_id ?? p.id, flattenAnthropicContent(p.content));
    case 'tool-call':
      return toolCall(p.toolCallId, p.toolName, p.input ?? p.args);
    case 'tool-result':
      return toolResult(p.toolCallId, unwrapToolOutput(p.output ?? p.result));
    case 'function_call':
      return toolCall(p.call_id ?? p.id, p.name, p.arguments);
    case 'function_call_output':
      return toolResult(p.call_id, p.output);
    case 'image_url':
      return media({ ...(isRecord(p.image_url) ? p.image_url : { url: p.image_url }) }, 'image');
    case 'input_image':
      return media({ url: p.image_url, file_id: p.file_id }, 'image');
    case 'input_audio':
      return media(isRecord(p.input_audio) ? { ...p.input_audio, mime_type: 'audio/' + String(p.input_audio.format ?? '') } : p, 'audio');
    case 'image': case 'document':
      return media(isRecord(p.source) ? { ...p.source, url: p.source.url } : p, p.type === 'image' ? 'image' : undefined);
    case 'blob': case 'file': case 'uri': case 'audio': case 'video':
      return media(p, p.type === 'audio' || p.type === 'video' ? p.type : undefined);
    default:
      return untypedPart(p);
  }
}

function untypedPart(p: Record<string, unknown>): MessagePart {
  if (typeof p.text === 'string') return p.thought === true ? { type: 'reasoning', text: p.text } : { type: 'text', text: p.text };
  const call = p.functionCall ?? p.function_call;
  if (isRecord(call)) return toolCall(call.id, call.name, call.args ?? call.arguments);
  const response = p.functionResponse ?? p.function_response;
  if (isRecord(response)) return toolResult(response.id ?? response.name, response.response);
  const inline = p.inlineData ?? p.inline_data;
  if (isRecord(inline)) return media(inline);
  const file = p.fileData ?? p.file_data;
  if (isRecord(file)) return media(file);
  // Bedrock Converse content blocks (Strands, Bedrock instrumentations).
  if (isRecord(p.toolUse)) return toolCall(p.toolUse.toolUseId, p.toolUse.name, p.toolUse.input);
  if (isRecord(p.toolResult)) return toolResult(p.toolResult.toolUseId, flattenAnthropicContent(p.toolResult.content));
  if (isRecord(p.reasoningContent) && isRecord(p.reasoningContent.reasoningText)) {
    return { type: 'reasoning', text: str(p.reasoningContent.reasoningText.text) ?? '' };
  }
  if (isRecord(p.toolRequest)) return toolCall(p.toolRequest.ref, p.toolRequest.name, p.toolRequest.input);
  if (isRecord(p.toolResponse)) return toolResult(p.toolResponse.ref, p.toolResponse.output);
  if (isRecord(p.media)) return media(p.media);
  if (typeof p.reasoning === 'string') return { type: 'reasoning', text: p.reasoning };
  if (typeof p.content === 'string') return { type: 'text', text: p.content };
  // A generic part (the GenAI schema allows any `type`): keep it visible as its JSON.
  return { type: 'text', text: jsonText(p) ?? '' };
}

/** OpenAI Responses reasoning items carry `summary: [{type: 'summary_text', text}]`. */
function summaryText(summary: unknown): string | undefined {
  if (!Array.isArray(summary)) return jsonText(summary);
  return summary.map((s) => (isRecord(s) ? str(s.text) ?? '' : str(s) ?? '')).join('\n');
}

/** AI SDK v5+ wraps tool outputs as `{type: 'json'|'text'|'error-text'|..., value}`. */
function unwrapToolOutput(output: unknown): unknown {
  if (isRecord(output) && typeof output.type === 'string' && 'value' in output && Object.keys(output).length === 2) return output.value;
  return output;
}

/** Anthropic tool_result content may itself be a string or a list of text blocks. */
function flattenAnthropicContent(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.map((b) => (isRecord(b) && typeof b.text === 'string' ? b.text : undefined));
  return texts.every((t) => t !== undefined) ? texts.join('\n') : content;
}

/** Message content (string, list of parts, or a single part object) → parts. */
export function contentToParts(content: unknown): MessagePart[] {
  if (content === undefined || content === null || content === '') return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (Array.isArray(content)) {
    const parts: MessagePart[] = [];
    for (const item of content) {
      const part = toPart(item);
      if (part) parts.push(part);
    }
    return parts;
  }
  const one = toPart(content);
  return one ? [one] : [];
}

/** OpenAI-style `tool_calls` (`{id, function:{name, arguments}}`) or LangChain (`{id, name, args}`). */
export function toolCallsToParts(calls: unknown): MessagePart[] {
  if (!Array.isArray(calls)) return [];
  const parts: MessagePart[] = [];
  for (const c of calls) {
    if (!isRecord(c)) continue;
    const fn = isRecord(c.function) ? c.function : c;
    parts.push(toolCall(c.id ?? c.toolCallId, fn.name ?? c.toolName, fn.arguments ?? fn.args ?? c.input));
  }
  return parts;
}
