/**
 * The engine's latest receiver state and statistics, kept current from its events, for the status
 * bar, the environment given to terminals, the empty-tree message and the commands.
 */
import * as vscode from 'vscode';
import type { EngineClientLike, EngineEvent, EngineStats, ReceiverState } from '../protocol/engine-api';
import { SessionCost } from './session-cost';

export class EngineStatus implements vscode.Disposable {
  receiver: ReceiverState = { running: false, http: null, grpc: null };
  stats: EngineStats | null = null;
  /** Set when the engine worker itself failed (not only the receiver). */
  engineError: string | undefined;
  readonly sessionCost: SessionCost;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly engine: EngineClientLike) {
    this.sessionCost = new SessionCost(engine);
    this.subscription = engine.onEvent((event) => this.onEngineEvent(event));
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'receiver':
        this.setReceiver(event.state);
        break;
      case 'changed':
        this.stats = event.stats;
        this.receiver = event.stats.receiver ?? this.receiver;
        this.changed.fire();
        void this.sessionCost.update(event.traceIds).then(() => this.changed.fire(), () => undefined);
        break;
      case 'log':
        // The client reports the loss of its worker as an error log line; nothing works after it,
        // so the status bar must say so instead of showing a receiver that no longer exists.
        if (event.level === 'error' && /^the engine worker (crashed|exited)/.test(event.message)) {
          this.receiver = { running: false, http: null, grpc: null };
          this.setEngineError(event.message);
        }
        break;
    }
  }

  setReceiver(state: ReceiverState): void {
    this.receiver = state;
    this.changed.fire();
  }

  setEngineError(message: string | undefined): void {
    this.engineError = message;
    this.changed.fire();
  }

  /** Re-reads the statistics (after a command changed them without a `changed` event, e.g. at start). */
  async refresh(): Promise<void> {
    try {
      this.stats = await this.engine.call('stats', {});
      this.receiver = this.stats.receiver;
      this.changed.fire();
    } catch {
      // The engine reports its own failures through `log` events and rejected calls elsewhere.
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
