/**
 * Prompt links inside the engine: the workspace's template index (built here, off the extension
 * host's thread, and kept current from the file watcher's reports), message sources added to the
 * spans the panels ask for, and the per-template usage behind CodeLens.
 */
import path from 'node:path';
import { PromptIndex } from '../../analysis/prompt-links/prompt-index';
import { WorkspaceFileSet } from '../../analysis/prompt-links/workspace-file-set';
import { type RenderedPrompt, WorkspaceLinker } from '../../analysis/prompt-links/workspace-linker';
import { normalizeRelative } from '../../analysis/prompt-links/workspace-paths';
import { readListedFile, readWorkspaceFile, scanWorkspace, TemplateFilter } from '../../analysis/prompt-links/workspace-scan';
import type { PromptTemplateUsage, PromptWorkspaceSettings, PromptWorkspaceState } from '../../protocol/engine-api';
import type { TraceJsonSpan } from '../../protocol/trace-json';
import type { TraceQueries } from '../store/trace-queries';
import { PromptUsageCollector } from './prompt-usage';

/** Usage covers the most recent traces only: CodeLens speaks of recent runs. */
const USAGE_TRACES = 300;

export class PromptLinkService {
  private linker: WorkspaceLinker | null = null;
  private files: WorkspaceFileSet | null = null;
  private filter = new TemplateFilter();
  private root = '';
  private usage: Map<string, PromptTemplateUsage[]> | null = null;

  constructor(private readonly queries: TraceQueries) {}

  /** Indexes a workspace folder (null closes it). Paths in `excluded` are hidden by the editor. */
  open(settings: PromptWorkspaceSettings): PromptWorkspaceState {
    const started = performance.now();
    this.usage = null;
    if (!settings.root) {
      this.linker = null;
      this.files = null;
      return { root: null, files: 0, templates: 0, indexMs: 0 };
    }
    this.root = path.resolve(settings.root);
    this.filter = new TemplateFilter({ include: settings.include, exclude: [...(settings.exclude ?? [])] });
    const listing = scanWorkspace(this.root, { include: settings.include, exclude: settings.exclude });
    const index = new PromptIndex();
    for (const rel of listing.templates) {
      const text = readListedFile(this.root, rel);
      if (text !== undefined) index.update(rel, text);
    }
    this.files = new WorkspaceFileSet(this.root.split(path.sep).join('/'), listing.files);
    this.linker = new WorkspaceLinker(index, this.files, settings.pathMappings ?? []);
    return { root: this.root, files: listing.files.length, templates: index.fileCount, indexMs: performance.now() - started };
  }

  /** The watcher's report: files created or changed, and deleted (workspace-relative). */
  filesChanged(changed: readonly string[], deleted: readonly string[]): { templates: number } {
    if (!this.linker || !this.files) return { templates: 0 };
    for (const raw of deleted) {
      const rel = normalizeRelative(raw);
      if (!rel) continue;
      this.files.delete(rel);
      this.linker.index.remove(rel);
      this.linker.invalidate(rel);
    }
    for (const raw of changed) {
      const rel = normalizeRelative(raw);
      if (!rel) continue;
      this.files.add(rel);
      this.linker.invalidate(rel);
      // Read through the guarded reader: a watcher path could be a new symbolic link.
      const text = this.filter.accepts(rel) ? readWorkspaceFile(this.root, rel) : undefined;
      if (text !== undefined) this.linker.index.update(rel, text);
      else this.linker.index.remove(rel);
    }
    this.usage = null;
    return { templates: this.linker.index.fileCount };
  }

  tracesChanged(): void {
    this.usage = null;
  }

  /** The span with `source` on its input messages and `code.workspacePath`, when a workspace is open. */
  annotateSpan(traceId: string, span: TraceJsonSpan | null): TraceJsonSpan | null {
    if (!span || !this.linker) return span;
    // Spans come from the queries' per-version cache: annotate copies, never the cached objects.
    const chain = structuredClone(this.withAncestors(traceId, span));
    this.linker.annotate(chain);
    return chain[0];
  }

  /** Placeholder values and change notices for each linked message of a span. */
  rendered(traceId: string, spanId: string): RenderedPrompt[] {
    const span = this.queries.getSpan(traceId, spanId);
    if (!span || !this.linker) return [];
    return this.linker.linkSpans(this.withAncestors(traceId, span)).get(spanId)?.rendered() ?? [];
  }

  /** The span and its ancestors up to the first with a call site (an app span around the model call). */
  private withAncestors(traceId: string, span: TraceJsonSpan): TraceJsonSpan[] {
    const chain: TraceJsonSpan[] = [span];
    let parentId = span.parentSpanId;
    for (let depth = 0; parentId && depth < 64 && !chain[chain.length - 1].code?.file; depth++) {
      const parent = this.queries.getSpan(traceId, parentId);
      if (!parent) break;
      chain.push(parent);
      parentId = parent.parentSpanId;
    }
    return chain;
  }

  /** Per-template usage in one file, from the most recent traces. */
  usageOf(relativePath: string): PromptTemplateUsage[] {
    if (!this.linker) return [];
    this.usage ??= this.collectUsage(this.linker);
    return this.usage.get(relativePath) ?? [];
  }

  private collectUsage(linker: WorkspaceLinker): Map<string, PromptTemplateUsage[]> {
    const collector = new PromptUsageCollector();
    const ids = this.queries.listTraces({ limit: USAGE_TRACES }).traces.map((t) => t.traceId);
    for (const trace of this.queries.getTraceJson(ids).traces) {
      const spans = trace.spans ?? [];
      collector.add(trace.traceId, spans, linker.linkSpans(spans));
    }
    return collector.byPath();
  }
}
