/**
 * The VS Code shell of one webview panel: safe options, the HTML shell, message plumbing into a
 * PanelConnection, and disposal. Panels are not kept alive when hidden (no
 * `retainContextWhenHidden`): a hidden webview is destroyed, and when shown again it sends `ready`
 * and is rehydrated from the store with a fresh snapshot.
 */
import * as vscode from 'vscode';
import type { ParseResult } from '../../protocol/guards';
import type { CommonFromWebview } from '../../protocol/panel-messages';
import { PanelConnection, type PanelChannel, type PanelSession, type WebviewServices } from './panel-connection';
import { makeNonce, renderWebviewHtml } from './webview-html';

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

export interface WebviewBundle<From extends { type: string }> {
  /** Entry name under dist/webview: `trace` → dist/webview/trace.js and trace.css. */
  entry: string;
  /** Static page title and the panel's name in log lines (never telemetry: it lands in HTML). */
  label: string;
  parse(value: unknown): ParseResult<From>;
}

/** What a session may do besides posting: rename its tab. */
export interface PanelTab<To> extends PanelChannel<To> {
  setTitle(title: string): void;
}

export class WebviewPanelHost<To, From extends { type: string }, Session extends PanelSession<Exclude<From, CommonFromWebview>>> implements vscode.Disposable {
  readonly session: Session;
  private readonly connection: PanelConnection<From>;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    bundle: WebviewBundle<From>,
    services: WebviewServices,
    createSession: (tab: PanelTab<To>) => Session,
    private readonly onDispose: () => void,
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
      title: bundle.label,
    });
    this.session = createSession({
      post: (message) => this.post(message),
      isReady: () => this.isReady,
      log: services.log,
      setTitle: (title) => {
        if (!this.disposed) panel.title = title;
      },
    });
    this.connection = new PanelConnection(bundle.label, bundle.parse, this.session, services);
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => this.connection.receive(raw)),
      panel.onDidChangeViewState(() => {
        // Hidden means destroyed (no retained context): wait for the next `ready`.
        if (!panel.visible) this.connection.unload();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get isReady(): boolean {
    return this.connection.isReady && !this.disposed;
  }

  post(message: To): void {
    if (this.isReady) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.connection.unload();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.session.dispose();
    this.onDispose();
    this.panel.dispose();
  }
}
