/**
 * Zero-configuration tracing: terminals opened in VS Code and debug sessions get the variables of
 * `otel-environment.ts` with the receiver's real port, unless `tracelight.environment.inject` is off.
 */
import * as vscode from 'vscode';
import type { ReceiverState } from '../protocol/engine-api';
import { endpointUrl, otelEnvironment } from './otel-environment';
import type { TracelightSettings } from './settings';

export class EnvironmentInjection implements vscode.Disposable {
  private current: Array<[string, string]> = [];
  private readonly registration: vscode.Disposable;

  constructor(private readonly collection: vscode.GlobalEnvironmentVariableCollection) {
    // The port can change between windows and restarts: never restore stale values from last time.
    collection.persistent = false;
    this.registration = vscode.debug.registerDebugConfigurationProvider(
      '*',
      { resolveDebugConfiguration: (_folder, config) => this.addToDebugConfiguration(config) },
      vscode.DebugConfigurationProviderTriggerKind.Initial,
    );
  }

  /** Recomputes the variables; called when the receiver's endpoint or the settings change. */
  apply(receiver: ReceiverState, settings: TracelightSettings['environment']): void {
    const vars = settings.inject && receiver.running && receiver.http ? otelEnvironment(receiver.http, settings) : [];
    const same = vars.length === this.current.length && vars.every(([k, v], i) => this.current[i]?.[0] === k && this.current[i]?.[1] === v);
    if (same) return;
    this.current = vars;
    this.collection.clear();
    for (const [name, value] of vars) this.collection.replace(name, value);
    this.collection.description = receiver.http && vars.length
      ? `Sends OpenTelemetry traces to Tracelight at ${endpointUrl(receiver.http)}`
      : undefined;
  }

  /** The variables as given to new terminals, read back from VS Code's collection. */
  variables(): Record<string, string> {
    const result: Record<string, string> = {};
    this.collection.forEach((name, mutator) => {
      result[name] = mutator.value;
    });
    return result;
  }

  /** The user's own `env` entries win over ours. */
  private addToDebugConfiguration(config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    // An empty configuration means "no launch.json, pick a debugger": leave it for VS Code to fill.
    if (this.current.length === 0 || !config.type) return config;
    const own = (config.env && typeof config.env === 'object') ? config.env as Record<string, unknown> : {};
    return { ...config, env: { ...Object.fromEntries(this.current), ...own } };
  }

  dispose(): void {
    this.registration.dispose();
    this.collection.clear();
  }
}
