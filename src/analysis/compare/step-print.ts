/**
 * What the alignment compares of a span, computed once per span: a key (kind and the part of the
 * name that says which step it is) and the content, normalized so that what differs between two
 * runs of the same program without a real change (tool-call ids, JSON spacing and key order) does
 * not count.
 */
import type { Message, MessagePart, TraceJsonSpan } from '../../protocol/trace-json';

export interface StepPrint {
  span: TraceJsonSpan;
  /** kind + step name: "llm:chat", "tool:lookup_order", "chain:answer-question". */
  key: string;
  input: string[];
  output: string[];
  toolArguments: string | null;
  toolResult: string | null;
  documentIds: string[];
  /** Keys of the children, sorted: the content of a step that only groups others. */
  childKeys: string;
}

/**
 * Model and embedding spans are named after the model ("chat gpt-4o-mini"), which is not what makes
 * them the same step: only the operation (the first word) is kept.
 */
export function stepKey(span: TraceJsonSpan): string {
  switch (span.kind) {
    case 'llm':
    case 'embedding':
      return `${span.kind}:${span.name.split(/\s+/)[0] ?? ''}`;
    case 'tool':
      return `tool:${span.tool?.name ?? span.name}`;
    default:
      return `${span.kind}:${span.name}`;
  }
}

export function makeStepPrint(span: TraceJsonSpan, childKeys: string[]): StepPrint {
  return {
    span,
    key: stepKey(span),
    input: (span.input?.messages ?? []).map(messageText),
    output: (span.output?.messages ?? []).map(messageText),
    toolArguments: span.tool?.arguments === undefined ? null : canonicalJson(span.tool.arguments),
    toolResult: span.tool?.result === undefined ? null : canonicalJson(span.tool.result),
    documentIds: (span.retrieval?.documents ?? []).map((d, i) => d.id ?? `#${d.rank ?? i + 1}`),
    childKeys: childKeys.slice().sort().join('\n'),
  };
}

/** A message as one comparable string: role and parts, without call ids. */
export function messageText(message: Message): string {
  return `${message.role}\n${message.parts.map(partText).join('\n')}`;
}

function partText(part: MessagePart): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'reasoning':
      return `reasoning: ${part.text}`;
    // Call ids are chosen by the provider on every run: never a difference.
    case 'tool_call':
      return `call ${part.name}(${part.arguments === undefined ? '' : canonicalJson(part.arguments)})`;
    case 'tool_result':
      return `result ${canonicalJson(part.result)}`;
    case 'media':
      return `media ${part.modality ?? ''} ${part.mimeType ?? ''} ${part.uri ?? part.fileId ?? ''} ${part.dataLength ?? ''}`;
  }
}

/** JSON text with sorted keys and no spacing; anything that is not JSON, trimmed. */
export function canonicalJson(text: string): string {
  const trimmed = text.trim();
  if (!/^[[{"]/.test(trimmed)) return trimmed;
  try {
    return JSON.stringify(sortKeys(JSON.parse(trimmed)));
  } catch {
    return trimmed;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
