/**
 * Prompt links for whole traces: each span's call site (its own `code.*` or its nearest
 * ancestor's) mapped into the workspace, then each input message linked. Used by the CLI
 * (`import --workspace`) and by the engine for the extension; reads files only through the index,
 * which holds only workspace files.
 */
import type { CodeLocation, PromptSource, TraceJsonSpan } from '../../protocol/trace-json';
import { referencedFiles } from './call-site';
import { linkMessages } from './link-messages';
import type { PromptIndex } from './prompt-index';
import { promptHints } from './span-hints';
import { mapToWorkspace, type PathMapping, type WorkspaceFiles } from './workspace-paths';

export interface SpanLinks {
  /** One entry per input message. */
  sources: (PromptSource | undefined)[];
  /** The call site this span was linked with (own or inherited), mapped into the workspace. */
  callSite?: { workspacePath: string; line?: number };
}

type LinkableSpan = Pick<TraceJsonSpan, 'spanId' | 'parentSpanId' | 'input' | 'prompt' | 'attributes' | 'code'>;

export class WorkspaceLinker {
  private readonly references = new Map<string, ReadonlySet<string>>();

  constructor(readonly index: PromptIndex, readonly files: WorkspaceFiles, public mappings: readonly PathMapping[] = []) {}

  /** Forget what was read from a file (it changed). */
  invalidate(path: string): void {
    this.references.delete(path);
  }

  workspacePathOf(code: CodeLocation | undefined): string | undefined {
    return code?.file ? mapToWorkspace(code.file, this.files, this.mappings) : undefined;
  }

  private callSiteFiles(path: string | undefined): ReadonlySet<string> {
    if (!path) return new Set();
    let refs = this.references.get(path);
    if (!refs) {
      const text = this.index.file(path)?.text;
      refs = text === undefined ? new Set([path]) : referencedFiles(path, text, this.files);
      this.references.set(path, refs);
    }
    return refs;
  }

  /** Links every span of a trace that has input messages. */
  linkSpans(spans: readonly LinkableSpan[]): Map<string, SpanLinks> {
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const result = new Map<string, SpanLinks>();
    for (const span of spans) {
      if (!span.input?.messages.length) continue;
      let holder: LinkableSpan | undefined = span;
      const seen = new Set<string>();
      while (holder && !holder.code?.file && holder.parentSpanId && !seen.has(holder.spanId)) {
        seen.add(holder.spanId);
        holder = byId.get(holder.parentSpanId);
      }
      const workspacePath = this.workspacePathOf(holder?.code);
      const sources = linkMessages(span.input.messages, {
        index: this.index, hints: promptHints(span), callSiteFiles: this.callSiteFiles(workspacePath),
      });
      result.set(span.spanId, { sources, callSite: workspacePath ? { workspacePath, line: holder?.code?.line } : undefined });
    }
    return result;
  }

  /** Adds `source` to input messages and `code.workspacePath` in place (Trace JSON contract). */
  annotate(spans: TraceJsonSpan[]): void {
    const links = this.linkSpans(spans);
    for (const span of spans) {
      const workspacePath = this.workspacePathOf(span.code);
      if (span.code && workspacePath) span.code.workspacePath = workspacePath;
      const found = links.get(span.spanId);
      span.input?.messages.forEach((m, i) => {
        const source = found?.sources[i];
        if (source) m.source = source;
      });
    }
  }
}
