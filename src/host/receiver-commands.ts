/**
 * Commands about the receiver and the environment: start/stop/restart, copy the endpoint or an
 * environment snippet, clear, the output log, the status bar's quick pick and the getting-started
 * page.
 */
import * as vscode from 'vscode';
import type { ReceiverState } from '../protocol/engine-api';
import type { HostServices } from './host-services';
import { describeReceiver } from './output-log';
import { endpointUrl, environmentSnippet, otelEnvironment, type SnippetFormat } from './otel-environment';

export function registerReceiverCommands(services: HostServices): vscode.Disposable {
  const { engine, status, log } = services;

  const runReceiver = async (what: 'start' | 'stop' | 'restart'): Promise<ReceiverState> => {
    if (what !== 'start') status.setReceiver(await engine.call('stopReceiver', {}));
    const state = what === 'stop' ? status.receiver : await engine.call('startReceiver', {});
    status.setReceiver(state);
    log.info(describeReceiver(state));
    if (state.error) void vscode.window.showErrorMessage(`Tracelight: ${state.error}`);
    return state;
  };

  const requireEndpoint = (): string | undefined => {
    const http = status.receiver.running ? status.receiver.http : null;
    if (!http) {
      void vscode.window.showWarningMessage('Tracelight: the receiver is not running.', 'Start Receiver').then((choice) => {
        if (choice) void vscode.commands.executeCommand('tracelight.startReceiver');
      });
      return undefined;
    }
    return endpointUrl(http);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand('tracelight.startReceiver', () => runReceiver('start')),
    vscode.commands.registerCommand('tracelight.stopReceiver', () => runReceiver('stop')),
    vscode.commands.registerCommand('tracelight.restartReceiver', () => runReceiver('restart')),
    vscode.commands.registerCommand('tracelight.clearTraces', async () => {
      await engine.call('clear', {});
      status.sessionCost.reset();
      await Promise.all([services.traces.reload(), status.refresh()]);
    }),
    vscode.commands.registerCommand('tracelight.copyEndpoint', async () => {
      const url = requireEndpoint();
      if (!url) return undefined;
      await vscode.env.clipboard.writeText(url);
      void vscode.window.showInformationMessage(`Copied ${url}`);
      return url;
    }),
    vscode.commands.registerCommand('tracelight.copyEnvironmentSnippet', async (format?: SnippetFormat) => {
      const http = status.receiver.running ? status.receiver.http : null;
      if (!requireEndpoint() || !http) return undefined;
      const chosen = format ?? (await vscode.window.showQuickPick(
        [
          { label: 'bash / zsh', value: 'bash' as const },
          { label: 'PowerShell', value: 'powershell' as const },
          { label: '.env file', value: 'dotenv' as const },
        ],
        { title: 'Copy Environment Snippet', placeHolder: 'Shell to copy the variables for' },
      ))?.value;
      if (!chosen) return undefined;
      const snippet = environmentSnippet(otelEnvironment(http, services.settings().environment), chosen);
      await vscode.env.clipboard.writeText(snippet);
      void vscode.window.showInformationMessage(`Copied the environment for ${endpointUrl(http)}.`);
      return snippet;
    }),
    vscode.commands.registerCommand('tracelight.showOutput', () => log.show(true)),
    vscode.commands.registerCommand('tracelight.showGettingStarted', () =>
      vscode.commands.executeCommand(
        'markdown.showPreview',
        vscode.Uri.joinPath(services.extensionUri, 'README.md').with({ fragment: 'sending-traces' }),
      )),
    vscode.commands.registerCommand('tracelight.showQuickActions', () => showQuickActions(services)),
  );
}

async function showQuickActions(services: HostServices): Promise<void> {
  const running = services.status.receiver.running;
  const actions: Array<vscode.QuickPickItem & { command: string }> = [
    { label: '$(list-tree) Show Traces', command: 'tracelight.traces.focus' },
    running
      ? { label: '$(debug-stop) Stop Receiver', command: 'tracelight.stopReceiver' }
      : { label: '$(play) Start Receiver', command: 'tracelight.startReceiver' },
    { label: '$(debug-restart) Restart Receiver', command: 'tracelight.restartReceiver' },
    { label: '$(copy) Copy OTLP Endpoint', command: 'tracelight.copyEndpoint' },
    { label: '$(terminal) Copy Environment Snippet', command: 'tracelight.copyEnvironmentSnippet' },
    { label: '$(cloud-upload) Import OTLP File(s)…', command: 'tracelight.importOtlpFiles' },
    { label: '$(go-to-file) Open Trace by Id…', command: 'tracelight.openTrace' },
    { label: '$(clear-all) Clear Traces', command: 'tracelight.clearTraces' },
    { label: '$(output) Show Output Log', command: 'tracelight.showOutput' },
  ];
  const picked = await vscode.window.showQuickPick(actions, { title: 'Tracelight', placeHolder: describeReceiver(services.status.receiver) });
  if (picked) await vscode.commands.executeCommand(picked.command);
}
