/**
 * Composition root: creates the engine worker and the parts of the VS Code shell, wires them
 * together, and returns. Nothing heavy happens here; the engine works in its own thread.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { EngineClient } from './engine/engine-client';
import type { EngineConfig, ReceiverState } from './protocol/engine-api';
import type { ActivationTimings, TracelightApi } from './host/api';
import { affectsAny, BUDGET_SETTING_PREFIX, ENGINE_SETTING_PREFIXES, ENVIRONMENT_SETTING_PREFIX, readSettings, TRACES_SETTING_PREFIX } from './host/config';
import { registerCompare } from './host/compare/register-compare';
import { EngineStatus } from './host/engine-status';
import { EnvironmentInjection } from './host/env-injection';
import type { HostServices } from './host/host-services';
import { describeReceiver, forwardEngineLog } from './host/output-log';
import { editorServices } from './host/panels/editor-services';
import { registerTracePanels, type TracePanels } from './host/panels/trace-panel-host';
import { registerPromptLinks } from './host/prompts/prompt-links-host';
import { registerCostPanels } from './host/panels/cost-panel-host';
import { costPanelActions } from './host/cost-actions';
import { CostStatus } from './host/cost-status';
import { registerReceiverCommands } from './host/receiver-commands';
import { changedEngineConfig, resolveEngineConfig } from './host/settings';
import { StatusBar } from './host/status-bar';
import { registerTraceCommands } from './host/trace-commands';
import { registerRetrievalPanels } from './host/panels/retrieval-panel-host';
import { registerRetrievalCommands } from './host/retrieval-commands';
import { TracesTreeProvider } from './host/traces/traces-tree';
import { TracesView } from './host/traces/traces-view';
import { registerUntracedLogDocuments } from './host/traces/untraced-log-document';

let engineClient: EngineClient | undefined;

export function activate(context: vscode.ExtensionContext): TracelightApi {
  const started = performance.now();
  const timings: ActivationTimings = { activateMs: 0 };
  // The log first, so everything after it can report.
  const log = vscode.window.createOutputChannel('Tracelight', { log: true });
  const resolveConfig = () => {
    const resolved = resolveEngineConfig(readSettings(), process.env, snapshotPath(context));
    for (const warning of resolved.warnings) {
      log.warn(warning);
      void vscode.window.showWarningMessage(`Tracelight: ${warning}`);
    }
    return resolved.config;
  };

  let engineConfig: EngineConfig = resolveConfig();
  const engine = new EngineClient(path.join(context.extensionPath, 'dist', 'engine-worker.js'), engineConfig);
  engineClient = engine;
  const status = new EngineStatus(engine);
  const traces = new TracesTreeProvider(engine, (error) => log.error(`could not refresh traces: ${String(error)}`));
  const view = new TracesView(traces);
  const environment = new EnvironmentInjection(context.environmentVariableCollection);
  // Panels open traces from their webviews too, so the services reach the trace panels late.
  const panelServices = editorServices(log, (traceId, spanId) => tracePanels.open(traceId, spanId));
  const tracePanels: TracePanels = registerTracePanels(context.extensionUri, engine, panelServices);
  const costPanels = registerCostPanels(context.extensionUri, engine, panelServices, costPanelActions(log));
  const costStatus = new CostStatus(engine, log);
  const retrievalPanels = registerRetrievalPanels(context.extensionUri, engine, panelServices);
  const services: HostServices = {
    engine, status, log, traces, environment,
    panels: tracePanels,
    settings: readSettings,
    extensionUri: context.extensionUri,
  };
  const statusBar = new StatusBar(status);
  const promptLinks = registerPromptLinks(engine, services.panels, log);
  const applyReceiver = () => {
    environment.apply(status.receiver, readSettings().environment);
    view.setReceiver(status.receiver);
  };
  const initial = readSettings();
  view.applySettings(initial.traces);

  context.subscriptions.push(
    log, forwardEngineLog(engine, log), status, traces, view, environment, services.panels, statusBar, promptLinks, costPanels, costStatus,
    vscode.commands.registerCommand('tracelight.showCost', () => costPanels.open()),
    status.onDidChange(applyReceiver),
    registerReceiverCommands(services),
    registerTraceCommands(services),
    registerUntracedLogDocuments(engine),
    registerCompare(context.extensionUri, engine, panelServices, tracePanels),
    retrievalPanels,
    registerRetrievalCommands(retrievalPanels),
    tracePanels.registerAction('inspectRetrieval', (traceId, spanId) => retrievalPanels.open(traceId, spanId)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      const settings = readSettings();
      if (affectsAny(event, ENGINE_SETTING_PREFIXES)) {
        const next = resolveConfig();
        const diff = changedEngineConfig(engineConfig, next);
        engineConfig = next;
        if (Object.keys(diff).length > 0) {
          log.info(`settings changed (${Object.keys(diff).join(', ')}): reconfiguring the engine`);
          try {
            status.setReceiver(await engine.call('configure', diff));
          } catch (error) {
            log.error(`could not apply the settings: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
      if (affectsAny(event, [BUDGET_SETTING_PREFIX, 'tracelight.prices'])) {
        // After `configure` above: re-priced costs are what the panel and the status bar show.
        costPanels.refresh();
        void costStatus.refresh();
      }
      if (event.affectsConfiguration(ENVIRONMENT_SETTING_PREFIX)) applyReceiver();
      if (event.affectsConfiguration(TRACES_SETTING_PREFIX)) view.applySettings(settings.traces);
    }),
  );

  const receiverReady = startReceiver(engine, initial.receiver.autoStart).then((state) => {
    status.setReceiver(state);
    if (state.running) timings.receiverListeningMs = performance.now() - started;
    // The receiver event already logged the endpoints; this line is the start-up figure.
    if (timings.receiverListeningMs !== undefined) log.info(`receiver listening ${timings.receiverListeningMs.toFixed(0)} ms after activation began`);
    else log.warn(describeReceiver(state));
    if (state.error) void vscode.window.showErrorMessage(`Tracelight: ${state.error}`, 'Show Output Log').then((c) => c && log.show(true));
    void status.refresh();
    return state;
  });

  timings.activateMs = performance.now() - started;
  log.info(`activated in ${timings.activateMs.toFixed(1)} ms`);
  return {
    engine, traces, status, receiverReady, timings,
    promptIndexReady: () => promptLinks.sync.ready,
    statusBarText: () => statusBar.text,
    costStatusText: () => costStatus.text,
    environmentVariables: () => environment.variables(),
  };
}

/** Stops the worker; the engine saves its snapshot first when one is configured. */
export async function deactivate(): Promise<void> {
  const engine = engineClient;
  engineClient = undefined;
  await engine?.dispose();
}

async function startReceiver(engine: EngineClient, autoStart: boolean): Promise<ReceiverState> {
  try {
    return autoStart ? await engine.call('startReceiver', {}) : await engine.call('stopReceiver', {});
  } catch (error) {
    return { running: false, http: null, grpc: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Where the database is kept between sessions: per workspace when there is one. */
function snapshotPath(context: vscode.ExtensionContext): string | null {
  const base = context.storageUri ?? context.globalStorageUri;
  if (base.scheme !== 'file') return null;
  fs.mkdirSync(base.fsPath, { recursive: true });
  return path.join(base.fsPath, 'traces.sqlite');
}
