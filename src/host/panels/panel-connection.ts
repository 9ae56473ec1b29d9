/**
 * The host's end of one webview, without VS Code: validates every message, keeps the `ready`
 * handshake, answers the messages every panel shares (errors to the log, locations, clipboard,
 * opening a trace) and hands the panel's own messages to its session. The VS Code shell
 * (webview-panel-host.ts) and the Chromium test harness both drive this same class.
 */
import type { EngineEvent } from '../../protocol/engine-api';
import type { ParseResult } from '../../protocol/guards';
import { assertNever, isCommonFromWebview, type CommonFromWebview } from '../../protocol/panel-messages';

/** Where panels write: the "Tracelight" log output channel in the extension. */
export interface PanelLog {
  warn(message: string): void;
  error(message: string): void;
}

/** The editor actions behind the common messages, shared by every panel. */
export interface WebviewServices {
  /** Opens `file:line` only when the file is inside the workspace. */
  openLocation(file: string, line?: number, column?: number): Promise<void>;
  copy(text: string): Promise<void>;
  openTrace(traceId: string, spanId?: string): void;
  /** Opens an http(s) link outside VS Code (VS Code asks first for untrusted domains). */
  openExternal(url: string): Promise<void>;
  /** Opens `content` in a new untitled editor (big values VS Code's editor handles well). */
  openText(content: string, language: string): Promise<void>;
  log: PanelLog;
}

/** What a panel's session may do to its webview. */
export interface PanelChannel<To> {
  /** Posts only to a loaded webview (earlier messages would be lost; `ready` resends all). */
  post(message: To): void;
  /** Whether the webview is loaded and listening. */
  isReady(): boolean;
  log: PanelLog;
}

/** One open panel's data side, written per panel (e.g. TracePanelSession). */
export interface PanelSession<Own> {
  /** The webview (re)loaded and listens: send it everything. */
  onReady(): Promise<void>;
  /** A validated message of the panel's own protocol. */
  handle(message: Own): Promise<void>;
  /** Engine events (e.g. `changed`), fanned out to every open panel. */
  onEngineEvent?(event: EngineEvent): void;
  dispose(): void;
}

export class PanelConnection<From extends { type: string }> {
  private ready = false;

  constructor(
    /** Names the panel in log lines ("trace panel"). */
    private readonly label: string,
    private readonly parse: (value: unknown) => ParseResult<From>,
    private readonly session: PanelSession<Exclude<From, CommonFromWebview>>,
    private readonly services: WebviewServices,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** The webview was destroyed (hidden, no retained context): wait for its next `ready`. */
  unload(): void {
    this.ready = false;
  }

  /** Handles one raw message; never throws (failures go to the log). */
  async receive(raw: unknown): Promise<void> {
    const parsed = this.parse(raw);
    if (!parsed.ok) {
      this.services.log.warn(`${this.label}: message rejected: ${parsed.reason}`);
      return;
    }
    const message = parsed.value;
    try {
      if (isCommonFromWebview(message)) await this.handleCommon(message);
      else await this.session.handle(message as Exclude<From, CommonFromWebview>);
    } catch (e) {
      this.services.log.error(`${this.label}: handling '${message.type}' failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private handleCommon(message: CommonFromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.session.onReady();
      case 'webviewError':
        this.services.log.error(`${this.label} webview: ${message.message}`);
        return Promise.resolve();
      case 'openLocation':
        return this.services.openLocation(message.file, message.line, message.column);
      case 'copy':
        return this.services.copy(message.text);
      case 'openTrace':
        this.services.openTrace(message.traceId, message.spanId);
        return Promise.resolve();
      case 'openExternal':
        return this.services.openExternal(message.url);
      default:
        return assertNever(message, `message from the ${this.label}`);
    }
  }
}
