/**
 * What the commands need, passed explicitly (no global state, no service locator).
 */
import type * as vscode from 'vscode';
import type { EngineClientLike } from '../protocol/engine-api';
import type { TracePanels } from './panels/trace-panel-host';
import type { EngineStatus } from './engine-status';
import type { EnvironmentInjection } from './env-injection';
import type { TracelightSettings } from './settings';
import type { TracesTreeProvider } from './traces/traces-tree';

export interface HostServices {
  engine: EngineClientLike;
  status: EngineStatus;
  log: vscode.LogOutputChannel;
  panels: TracePanels;
  traces: TracesTreeProvider;
  environment: EnvironmentInjection;
  settings(): TracelightSettings;
  extensionUri: vscode.Uri;
}
