/**
 * Starts a panel's webview: acquires the VS Code API once, reports uncaught errors to the host's
 * output log (a blank panel with no trace of why helps nobody), and renders the app inside the
 * API's context. Every panel's main.tsx is this call plus its CSS import (after this module's,
 * so the panel's rules come after the shared ones).
 */
import { render, type ComponentChild } from 'preact';
// Every panel's bundle gets the shared styles first; its own CSS, imported after this module, follows.
import '../../media/webview/shared.css';
import { getVsCodeApi, VsCodeContext } from './vscode-api';

export function startWebview(app: ComponentChild): void {
  const vscode = getVsCodeApi();
  window.addEventListener('error', (e) => vscode.postMessage({ type: 'webviewError', message: `${e.message} at ${e.filename}:${e.lineno}` }));
  window.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => vscode.postMessage({ type: 'webviewError', message: String(e.reason) }));
  const root = document.getElementById('root');
  if (!root) throw new Error('the page has no #root element');
  render(<VsCodeContext.Provider value={vscode}>{app}</VsCodeContext.Provider>, root);
}
