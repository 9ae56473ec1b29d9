/**
 * The trace panel's extension points: other features register what "Open prompt" (on LLM spans)
 * and "Compare with…" (on the trace) do. A button shows only while a handler is registered, and
 * open panels are told at once when that changes. No `vscode` import.
 */
import type { TracePanelActions } from '../../protocol/trace-panel';

export interface TracePanelActionHandlers {
  openPrompt(traceId: string, spanId: string): void;
  compareWith(traceId: string): void;
  /** A message's source link: open the workspace lines it came from (no button of its own). */
  openSource(traceId: string, spanId: string, range: { path: string; startLine: number; endLine: number }): Promise<void>;
  inspectRetrieval(traceId: string, spanId: string): void;
}

export type TracePanelAction = keyof TracePanelActionHandlers;

export class TracePanelActionRegistry {
  private readonly handlers: Partial<TracePanelActionHandlers> = {};

  /** @param changed called after a handler is registered or removed, to update open panels. */
  constructor(private readonly changed: () => void) {}

  /** Registers the handler of one action (replacing an earlier one); dispose to remove it. */
  register<A extends TracePanelAction>(action: A, handler: TracePanelActionHandlers[A]): { dispose(): void } {
    this.handlers[action] = handler;
    this.changed();
    return {
      dispose: () => {
        if (this.handlers[action] !== handler) return;
        delete this.handlers[action];
        this.changed();
      },
    };
  }

  /** Which buttons the panel shows. */
  available(): TracePanelActions {
    return { openPrompt: !!this.handlers.openPrompt, compare: !!this.handlers.compareWith, ...(this.handlers.inspectRetrieval ? { inspectRetrieval: true } : {}) };
  }

  openPrompt(traceId: string, spanId: string): void {
    this.handlers.openPrompt?.(traceId, spanId);
  }

  compareWith(traceId: string): void {
    this.handlers.compareWith?.(traceId);
  }

  openSource(traceId: string, spanId: string, range: { path: string; startLine: number; endLine: number }): Promise<void> {
    return this.handlers.openSource?.(traceId, spanId, range) ?? Promise.resolve();
  }

  inspectRetrieval(traceId: string, spanId: string): void {
    this.handlers.inspectRetrieval?.(traceId, spanId);
  }
}
