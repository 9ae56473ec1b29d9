import { PromptIndex } from '../../../src/analysis/prompt-links/prompt-index';
import { WorkspaceFileSet } from '../../../src/analysis/prompt-links/workspace-file-set';
import { WorkspaceLinker } from '../../../src/analysis/prompt-links/workspace-linker';
import type { PromptSource, TraceJsonSpan } from '../../../src/protocol/trace-json';

/** A linker over in-memory files: path → text. */
export function linkerOf(files: Record<string, string>, root = '/work/ws'): WorkspaceLinker {
  const index = new PromptIndex();
  for (const [p, text] of Object.entries(files)) index.update(p, text);
  return new WorkspaceLinker(index, new WorkspaceFileSet(root, Object.keys(files)));
}

export function span(messages: [string, string][], extra: Partial<TraceJsonSpan> = {}): TraceJsonSpan {
  return {
    spanId: 'a'.repeat(16), parentSpanId: null, name: 'chat', kind: 'llm', status: 'ok', startTimeUnixMs: 0, durationMs: 1,
    input: { messages: messages.map(([role, text]) => ({ role, parts: [{ type: 'text', text }] })) }, ...extra,
  };
}

/** The sources of one span's input messages, as `path:start-end` (or null). */
export function link(linker: WorkspaceLinker, s: TraceJsonSpan): (PromptSource | undefined)[] {
  return linker.linkSpans([s]).get(s.spanId)!.sources;
}

export const where = (s: PromptSource | undefined): string | null => (s ? `${s.path}:${s.startLine}-${s.endLine}` : null);
