/** Entry of the trace panel's webview bundle (dist/webview/trace.js + trace.css). */
import { render } from 'preact';
import '../../media/webview/trace.css';
import { getVsCodeApi, VsCodeContext } from '../shared/vscode-api';
import { App } from './app';

const vscode = getVsCodeApi<unknown>();

// Uncaught errors go to the host's output log: a blank panel with no trace of why helps nobody.
window.addEventListener('error', (e) => vscode.postMessage({ type: 'webviewError', message: `${e.message} at ${e.filename}:${e.lineno}` }));
window.addEventListener('unhandledrejection', (e) => vscode.postMessage({ type: 'webviewError', message: String(e.reason) }));

render(
  <VsCodeContext.Provider value={vscode}>
    <App />
  </VsCodeContext.Provider>,
  document.getElementById('root')!,
);
