/**
 * A span as readable text, the same layout for both runs so that a line diff lines up: a header
 * (name, kind, model, status, tokens), the input and output messages under role headers, tool
 * calls and results as pretty JSON, the tool's arguments and result, the retrieval query and
 * documents, and the error. Call ids and timestamps are left out: they differ on every run.
 * Used by the diff editor documents and by the compare panel's word diffs.
 */
import type { Message, MessagePart, TraceJsonSpan } from '../../protocol/trace-json';

/** JSON pretty-printed (two spaces); anything that is not JSON as it is. */
export function prettyJson(text: string): string {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

function partText(part: MessagePart): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'reasoning':
      return `(reasoning)\n${part.text}`;
    case 'tool_call':
      return `→ call ${part.name}\n${part.arguments === undefined ? '' : prettyJson(part.arguments)}`;
    case 'tool_result':
      return `← result\n${prettyJson(part.result)}`;
    case 'media':
      return `[${part.modality ?? 'media'}${part.mimeType ? ` ${part.mimeType}` : ''}${part.uri ? ` ${part.uri}` : part.fileId ? ` file ${part.fileId}` : ''}]`;
  }
}

/** One message's parts, without its role header. */
export function messageBody(message: Message): string {
  return message.parts.map(partText).join('\n');
}

export function messagesText(messages: readonly Message[]): string {
  return messages.map((m, i) => `## ${i} · ${m.role}${m.name ? ` (${m.name})` : ''}\n${messageBody(m)}`).join('\n\n');
}

export function spanText(span: TraceJsonSpan): string {
  const out: string[] = [`# ${span.name}`, '', `kind: ${span.kind}`];
  const model = span.model ?? span.requestModel;
  if (model) out.push(`model: ${model}${span.requestModel && span.model && span.requestModel !== span.model ? ` (requested ${span.requestModel})` : ''}`);
  out.push(`status: ${span.status}${span.statusMessage ? ` — ${span.statusMessage}` : ''}`);
  if (span.usage) {
    const u = span.usage;
    out.push(`tokens: ${u.inputTokens ?? '–'} in, ${u.outputTokens ?? '–'} out`);
  }
  if (span.input?.messages.length) out.push('', '# Input', '', messagesText(span.input.messages));
  if (span.output?.messages.length) out.push('', '# Output', '', messagesText(span.output.messages));
  if (span.tool) {
    out.push('', `# Tool ${span.tool.name}`);
    if (span.tool.arguments !== undefined) out.push('', '## Arguments', prettyJson(span.tool.arguments));
    if (span.tool.result !== undefined) out.push('', '## Result', prettyJson(span.tool.result));
  }
  if (span.retrieval) {
    out.push('', '# Retrieval');
    if (span.retrieval.query !== undefined) out.push('', `query: ${span.retrieval.query}`);
    span.retrieval.documents.forEach((d, i) => {
      out.push('', `## ${d.rank ?? i + 1}. ${d.id ?? '(no id)'}${d.score !== undefined ? `  score ${d.score}` : ''}`);
      if (d.content !== undefined) out.push(d.content);
    });
  }
  if (span.error) out.push('', '# Error', [span.error.type, span.error.message].filter(Boolean).join(': '), ...(span.error.stacktrace ? ['', span.error.stacktrace] : []));
  return `${out.join('\n')}\n`;
}
