/**
 * Prompt links for whole traces: each span's call site (its own `code.*` or its nearest
 * ancestor's) mapped into the workspace, then each input message linked. Used by the CLI
 * (`import --workspace`) and by the engine for the extension; reads files only through the index,
 * which holds only workspace files.
 */
import type { CodeLocation, PromptSource, TraceJsonSpan } from '../../protocol/trace-json';
import { referencedFiles } from './call-site';
import { linkMessagesDetailed, messageText, normalizedMessageText } from './link-messages';
import { holeValues, renderWithValues } from './hole-values';
import { fileOffsetOf, lineAt } from './source-text';
import type { PromptIndex } from './prompt-index';
import { promptHints } from './span-hints';
import { mapToWorkspace, type PathMapping, type WorkspaceFiles } from './workspace-paths';

/** One linked message seen from its template: the values this run put in, and whether the file changed. */
export interface RenderedPrompt {
  messageIndex: number;
  path: string;
  startLine: number;
  endLine: number;
  /** 1-based line, 0-based columns of each placeholder, with the value the run gave it. */
  values: { line: number; column: number; endColumn: number; value: string }[];
  /** The template no longer renders to what the run sent (it was edited since, or a part was skipped). */
  changed: boolean;
  /** The message as the run sent it, and the current template rendered with the same values. */
  sent: string;
  current: string;
}

export interface SpanLinks {
  /** One entry per input message. */
  sources: (PromptSource | undefined)[];
  /** Placeholder values and change notices, computed on demand. */
  rendered(): RenderedPrompt[];
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
      const detailed = linkMessagesDetailed(span.input.messages, {
        index: this.index, hints: promptHints(span), callSiteFiles: this.callSiteFiles(workspacePath),
      });
      const rendered = (): RenderedPrompt[] => detailed.flatMap((link, messageIndex) => {
        if (!link) return [];
        const text = normalizedMessageText(span.input!.messages[messageIndex]);
        const values = holeValues(link.unit.pieces, text);
        const source = link.unit.unit.source;
        const starts = link.unit.file.lineStarts;
        const place = (offset: number) => {
          const fileOffset = fileOffsetOf(source, offset);
          const line = lineAt(starts, fileOffset);
          return { line, column: fileOffset - starts[line - 1] };
        };
        return [{
          messageIndex, path: link.source.path, startLine: link.source.startLine, endLine: link.source.endLine,
          values: values.map((v) => {
            const from = place(v.start);
            return { line: from.line, column: from.column, endColumn: place(v.end).line === from.line ? place(v.end).column + 1 : from.column + 1, value: v.value };
          }),
          changed: link.similarity < 0.999,
          sent: messageText(span.input!.messages[messageIndex]).trim(),
          current: renderWithValues(source.text, link.unit.pieces, values).trim(),
        }];
      });
      result.set(span.spanId, { sources: detailed.map((l) => l?.source), rendered, callSite: workspacePath ? { workspacePath, line: holder?.code?.line } : undefined });
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
