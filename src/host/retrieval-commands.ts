/**
 * "Inspect Retrieval": opens the retrieval inspector on a retrieval or rerank span (or a model
 * call), from the Traces tree's context menu, the trace panel's button, or with ids (tests, links).
 */
import * as vscode from 'vscode';
import type { RetrievalPanels } from './panels/retrieval-panel-host';
import type { TracesNode } from './traces/traces-tree';

const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;

export function registerRetrievalCommands(inspectors: RetrievalPanels): vscode.Disposable {
  return vscode.commands.registerCommand('tracelight.inspectRetrieval', (arg?: unknown, spanId?: unknown) => {
    const node = arg as TracesNode | undefined;
    if (node?.type === 'span') return inspectors.open(node.traceId, node.tree.rows[node.index].span.spanId);
    if (typeof arg === 'string' && TRACE_ID.test(arg) && typeof spanId === 'string' && SPAN_ID.test(spanId)) return inspectors.open(arg, spanId);
    void vscode.window.showInformationMessage('Tracelight: choose a retrieval or rerank span in the Traces view, or use "Inspect retrieval" in a trace panel.');
  });
}
