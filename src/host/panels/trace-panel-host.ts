/**
 * Trace panel registration: the webview serializer and the way other parts open a trace.
 * Placeholder until the trace panel lands: opening a trace only says so.
 */
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';

export interface TracePanels extends vscode.Disposable {
  open(traceId: string, spanId?: string): void;
}

export function registerTracePanels(_context: vscode.ExtensionContext, _engine: EngineClientLike): TracePanels {
  return {
    open: (traceId) => void vscode.window.showInformationMessage(`Trace ${traceId}`),
    dispose: () => undefined,
  };
}
