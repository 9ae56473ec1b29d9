/**
 * A generic host for one webview panel: creation with safe options, the HTML shell, the "ready"
 * handshake, validation of every incoming message, and disposal. Panels are not kept alive when
 * hidden (no `retainContextWhenHidden`): a hidden webview is destroyed, and when shown again it
 * sends `ready` and is rehydrated from the store with a fresh snapshot.
 */
import * as vscode from 'vscode';
import type { ParseResult } from '../../protocol/trace-panel-guards';
import { makeNonce, renderWebviewHtml } from './webview-html';

export interface WebviewBundle {
  /** Entry name under dist/webview: `trace` → dist/webview/trace.js and trace.css. */
  entry: string;
  title: string;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function createWebviewPanel(viewType: string, title: string, extensionUri: vscode.Uri, column = vscode.ViewColumn.Active): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(viewType, title, { viewColumn: column, preserveFocus: false }, webviewOptions(extensionUri));
}

export interface PanelHandlers<From> {
  /** The webview (re)loaded and listens: send it everything. */
  onReady(): void | Promise<void>;
  onMessage(message: From): void | Promise<void>;
  /** A message failed validation (logged; never acted upon). */
  onRejected(reason: string): void;
  onDispose(): void;
}

export class WebviewPanelHost<To, From extends { type: string }> implements vscode.Disposable {
  private ready = false;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    bundle: WebviewBundle,
    private readonly parse: (value: unknown) => ParseResult<From>,
    private readonly handlers: PanelHandlers<From>,
  ) {
    const webview = panel.webview;
    // Revived panels keep the options they were saved with; set them again so they stay strict.
    webview.options = webviewOptions(extensionUri);
    const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', file)).toString();
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: asset(`${bundle.entry}.js`),
      styleUris: [asset(`${bundle.entry}.css`)],
      title: bundle.title,
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidChangeViewState(() => {
        // Hidden means destroyed (no retained context): wait for the next `ready`.
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get isReady(): boolean {
    return this.ready && !this.disposed;
  }

  /** Posts only to a loaded webview; earlier messages would be lost, and `ready` resends all. */
  post(message: To): void {
    if (this.isReady) void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = this.parse(raw);
    if (!parsed.ok) {
      this.handlers.onRejected(parsed.reason);
      return;
    }
    try {
      if (parsed.value.type === 'ready') {
        this.ready = true;
        await this.handlers.onReady();
      } else {
        await this.handlers.onMessage(parsed.value);
      }
    } catch (e) {
      this.handlers.onRejected(`handling '${parsed.value.type}' failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.ready = false;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.handlers.onDispose();
    this.panel.dispose();
  }
}
