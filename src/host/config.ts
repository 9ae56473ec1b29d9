/**
 * Typed access to the `tracelight.*` settings. The only module that reads VS Code's configuration;
 * what the values mean is decided in the pure `settings.ts`.
 */
import * as vscode from 'vscode';
import type { GenAiSemconvMode } from './otel-environment';
import type { TraceGrouping, TracelightSettings } from './settings';
import type { CostWindow } from '../protocol/cost';

const SECTION = 'tracelight';

/** Settings whose change must reach the engine (`configure`; receiver ones restart the receiver). */
export const ENGINE_SETTING_PREFIXES = ['tracelight.receiver', 'tracelight.retention', 'tracelight.prices'];
export const BUDGET_SETTING_PREFIX = 'tracelight.budget';
export const ENVIRONMENT_SETTING_PREFIX = 'tracelight.environment';
export const TRACES_SETTING_PREFIX = 'tracelight.traces';

/** A value only when the user (or workspace) set it; the default is left to `settings.ts`. */
function explicit<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const inspected = config.inspect<T>(key);
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

export function readSettings(): TracelightSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    receiver: {
      autoStart: c.get<boolean>('receiver.autoStart', true),
      httpPort: explicit<number>(c, 'receiver.httpPort'),
      grpcPort: explicit<number>(c, 'receiver.grpcPort'),
      grpcEnabled: c.get<boolean>('receiver.grpcEnabled', true),
      bindAddress: c.get<string>('receiver.bindAddress', '127.0.0.1'),
      allowRemote: c.get<boolean>('receiver.allowRemote', false),
      maxBodyMegabytes: c.get<number>('receiver.maxBodyMegabytes', 64),
    },
    retention: {
      maxSpans: c.get<number>('retention.maxSpans', 200_000),
      maxMegabytes: c.get<number>('retention.maxMegabytes', 512),
      keepAcrossRestarts: c.get<boolean>('retention.keepAcrossRestarts', true),
      autosaveMinutes: c.get<number>('retention.autosaveMinutes', 5),
    },
    environment: {
      inject: c.get<boolean>('environment.inject', true),
      captureContent: c.get<boolean>('environment.captureContent', true),
      semconv: c.get<GenAiSemconvMode>('environment.genAiSemconv', 'default'),
    },
    traces: {
      groupBy: c.get<TraceGrouping>('traces.groupBy', 'none'),
      maxShown: c.get<number>('traces.maxShown', 500),
      revealOnFirstTrace: c.get<boolean>('traces.revealOnFirstTrace', false),
    },
    cost: {
      prices: c.get<unknown>('prices', {}),
      budgetUsd: c.get<number>('budget.usd', 0),
      budgetWindow: c.get<CostWindow>('budget.window', 'today'),
    },
  };
}

/** Writes one user price (USD per million tokens) into `tracelight.prices`, keeping the others. */
export async function addUserPrice(model: string, price: { input: number; output: number; cacheRead?: number }): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.get<Record<string, unknown>>('prices', {});
  await config.update('prices', { ...current, [model]: price }, vscode.ConfigurationTarget.Global);
}

export async function updateBudget(usd: number, window: CostWindow): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  await config.update('budget.usd', usd, vscode.ConfigurationTarget.Global);
  await config.update('budget.window', window, vscode.ConfigurationTarget.Global);
}

export async function updateGrouping(groupBy: TraceGrouping): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('traces.groupBy', groupBy, vscode.ConfigurationTarget.Global);
}

export function affectsAny(event: vscode.ConfigurationChangeEvent, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => event.affectsConfiguration(p));
}
