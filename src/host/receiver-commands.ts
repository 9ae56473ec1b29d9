/**
 * Commands about the receiver and the environment: start/stop/restart, copy the endpoint, an
 * environment snippet or setup code, clear, the output log, the status bar's command list and the
 * getting-started walkthrough.
 */
import * as vscode from 'vscode';
import type { ReceiverState } from '../protocol/engine-api';
import type { HostServices } from './host-services';
import { describeReceiver } from './output-log';
import { endpointUrl, environmentSnippet, otelEnvironment, type SnippetFormat } from './otel-environment';
import { setupCode, type SetupLanguage } from './setup-code';
import { WALKTHROUGH_ID } from './walkthrough';

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
    vscode.commands.registerCommand('tracelight.copySetupCode', async (language?: SetupLanguage) => {
      const url = requireEndpoint();
      if (!url) return undefined;
      const chosen = language ?? (await vscode.window.showQuickPick(
        [
          { label: 'Python', description: 'opentelemetry-sdk', value: 'python' as const },
          { label: 'TypeScript / JavaScript', description: '@opentelemetry/sdk-trace-node', value: 'typescript' as const },
        ],
        { title: 'Copy OpenTelemetry Setup Code', placeHolder: 'Language of the app to trace' },
      ))?.value;
      if (chosen !== 'python' && chosen !== 'typescript') return undefined;
      const code = setupCode(chosen, url);
      await vscode.env.clipboard.writeText(code);
      void vscode.window.showInformationMessage(`Copied the ${chosen === 'python' ? 'Python' : 'TypeScript'} setup for ${url}: paste it where your app starts.`);
      return code;
    }),
    vscode.commands.registerCommand('tracelight.showGettingStarted', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false)),
    // Every Tracelight command as VS Code lists them, with their `when` clauses: no list to keep.
    vscode.commands.registerCommand('tracelight.showQuickActions', () =>
      vscode.commands.executeCommand('workbench.action.quickOpen', '>Tracelight: ')),
  );
}
