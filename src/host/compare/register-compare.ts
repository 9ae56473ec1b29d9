/** Wires comparing runs into the extension: diff documents, compare panels, commands, the trace panel's action. */
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import { registerComparePanels } from '../panels/compare-panel-host';
import type { WebviewServices } from '../panels/panel-connection';
import type { TracePanels } from '../panels/trace-panel-host';
import { CompareCommands } from './compare-commands';
import { CompareDocuments } from './diff-documents';

export function registerCompare(extensionUri: vscode.Uri, engine: EngineClientLike, services: WebviewServices, tracePanels: TracePanels): vscode.Disposable {
  const documents = new CompareDocuments(engine);
  const panels = registerComparePanels(extensionUri, engine, services, documents);
  const commands = new CompareCommands(engine, panels);
  return vscode.Disposable.from(
    documents, panels, commands,
    tracePanels.registerAction('compareWith', (traceId) => void commands.compareWith(traceId)),
  );
}
