/**
 * Links between a tool span and the model calls around it: the LLM span whose output requested
 * the call, and the LLM spans whose input carried its result back. Pure; the host computes them
 * from the trace's Trace JSON when the webview asks for a tool span's detail.
 */
import type { Message, TraceJsonSpan } from './trace-json';
import type { ToolCallLinks } from './trace-panel';

function partsOf(messages: readonly Message[] | undefined) {
  return (messages ?? []).flatMap((m) => m.parts);
}

function hasToolCall(messages: readonly Message[] | undefined, match: (id: string | undefined, name: string) => boolean): boolean {
  return partsOf(messages).some((p) => p.type === 'tool_call' && match(p.id, p.name));
}

function hasToolResult(messages: readonly Message[] | undefined, callId: string): boolean {
  return partsOf(messages).some((p) => p.type === 'tool_result' && p.id === callId);
}

const endOf = (s: TraceJsonSpan) => s.startTimeUnixMs + s.durationMs;
const link = (s: TraceJsonSpan) => ({ spanId: s.spanId, name: s.name });

export function linkToolCall(tool: TraceJsonSpan, spans: readonly TraceJsonSpan[]): ToolCallLinks {
  const llms = spans.filter((s) => s.kind === 'llm' && s.spanId !== tool.spanId);
  const callId = tool.tool?.callId;
  const name = tool.tool?.name ?? tool.name;
  if (callId) {
    // A call id is unique within a conversation: match it exactly on both sides.
    const requester = llms.find((s) => hasToolCall(s.output?.messages, (id) => id === callId));
    const consumers = llms.filter((s) => hasToolResult(s.input?.messages, callId));
    return { ...(requester ? { requestedBy: link(requester) } : {}), consumedBy: consumers.map(link) };
  }
  // No call id (some instrumentations omit it): fall back to the tool's name and time order —
  // the last model call that ended before the tool started and asked for a tool of that name, and
  // the first model call after the tool ended whose history contains that request.
  const byEnd = [...llms].sort((a, b) => endOf(a) - endOf(b));
  const requester = byEnd.filter((s) => endOf(s) <= tool.startTimeUnixMs && hasToolCall(s.output?.messages, (_id, n) => n === name)).pop();
  const consumer = [...llms]
    .sort((a, b) => a.startTimeUnixMs - b.startTimeUnixMs)
    .find((s) => s.startTimeUnixMs >= endOf(tool) && hasToolCall(s.input?.messages, (_id, n) => n === name));
  return { ...(requester ? { requestedBy: link(requester) } : {}), consumedBy: consumer ? [link(consumer)] : [] };
}
