/**
 * One registry per kind of panel (trace, compare, ...): one panel per key (a trace id, a pair of
 * ids), reveal instead of a second copy, a serializer that brings panels back after a window
 * reload from the state their webview persisted, engine events fanned out to every open panel, and
 * disposal of all of it. A new panel kind supplies a PanelKind and its session; nothing here knows
 * what a panel shows.
 */
import * as vscode from 'vscode';
import type { EngineClientLike } from '../../protocol/engine-api';
import type { CommonFromWebview } from '../../protocol/panel-messages';
import type { PanelSession, WebviewServices } from './panel-connection';
import { createWebviewPanel, WebviewPanelHost, type PanelTab, type WebviewBundle } from './webview-panel-host';

export interface PanelKind<To, From extends { type: string }, Session extends PanelSession<Exclude<From, CommonFromWebview>>> extends WebviewBundle<From> {
  /** The `viewType`, also declared in package.json (`onWebviewPanel:<viewType>`). */
  viewType: string;
  /** The panel's key from the state its webview persisted (validated); null if it cannot be rebuilt. */
  keyFromState(state: unknown): string | null;
  /** The tab title until the session sets a better one. */
  initialTitle(key: string): string;
  createSession(key: string, tab: PanelTab<To>): Session;
}

export interface PanelRegistryDeps {
  extensionUri: vscode.Uri;
  engine: Pick<EngineClientLike, 'onEvent'>;
  services: WebviewServices;
}

export class PanelRegistry<To, From extends { type: string }, Session extends PanelSession<Exclude<From, CommonFromWebview>>> implements vscode.Disposable {
  private readonly panels = new Map<string, WebviewPanelHost<To, From, Session>>();
  private readonly subscriptions: vscode.Disposable[];
  private disposed = false;

  constructor(
    private readonly kind: PanelKind<To, From, Session>,
    private readonly deps: PanelRegistryDeps,
  ) {
    const engineEvents = deps.engine.onEvent((event) => {
      for (const host of this.panels.values()) host.session.onEngineEvent?.(event);
    });
    this.subscriptions = [
      vscode.window.registerWebviewPanelSerializer(kind.viewType, {
        deserializeWebviewPanel: (panel: vscode.WebviewPanel, state: unknown) => {
          const key = kind.keyFromState(state);
          // A panel saved without a usable key cannot be rebuilt, and a second copy of an open
          // one would only confuse: close it rather than show nothing.
          if (key === null || this.panels.has(key) || this.disposed) panel.dispose();
          else this.attach(panel, key);
          return Promise.resolve();
        },
      }),
      { dispose: () => engineEvents.dispose() },
    ];
  }

  /** Reveals the panel for `key`, or opens one; returns its session. */
  open(key: string): { session: Session; created: boolean } {
    if (this.disposed) throw new Error(`${this.kind.label}: the panels are disposed`);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return { session: existing.session, created: false };
    }
    const panel = createWebviewPanel(this.kind.viewType, this.kind.initialTitle(key), this.deps.extensionUri);
    return { session: this.attach(panel, key).session, created: true };
  }

  sessions(): Session[] {
    return [...this.panels.values()].map((host) => host.session);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const host of [...this.panels.values()]) host.dispose();
    this.panels.clear();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }

  private attach(panel: vscode.WebviewPanel, key: string): WebviewPanelHost<To, From, Session> {
    const host: WebviewPanelHost<To, From, Session> = new WebviewPanelHost(panel, this.deps.extensionUri, this.kind, this.deps.services, (tab) => this.kind.createSession(key, tab), () => {
      if (this.panels.get(key) === host) this.panels.delete(key);
    });
    this.panels.set(key, host);
    return host;
  }
}
