/**
 * The environment that makes an app send its telemetry to Tracelight: given to VS Code terminals,
 * to debug sessions and printed by "Copy Environment Snippet". One list, so the three never differ.
 * Pure: no `vscode`.
 */
import type { Endpoint } from '../protocol/engine-api';

/**
 * Which GenAI semantic-convention mode to ask instrumentations for.
 * - 'default': the classic mode every GenAI instrumentation understands; content capture is the
 *   boolean `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`.
 * - 'latest': `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`. In that mode the
 *   OpenTelemetry Python GenAI utilities read the capture variable as an enum and reject `true`,
 *   so it becomes `SPAN_AND_EVENT`. Setting both switches blindly would turn capture OFF there.
 */
export type GenAiSemconvMode = 'default' | 'latest';

export interface OtelEnvironmentOptions {
  /** Record prompts, completions and tool arguments (the switches of the common instrumentations). */
  captureContent: boolean;
  semconv: GenAiSemconvMode;
}

/** The URL an app on this machine should use: a wildcard bind address is reached through loopback. */
export function endpointUrl(endpoint: Endpoint): string {
  let host = endpoint.host;
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  if (host === '::') host = '::1';
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `http://${host}:${endpoint.port}`;
}

/**
 * Variables, in a stable order. Signal-specific endpoints (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`)
 * are deliberately NOT set: the base endpoint sends traces, logs (where GenAI content events go)
 * and metrics to the same receiver, and a user's own signal-specific variable keeps priority.
 */
export function otelEnvironment(http: Endpoint, options: OtelEnvironmentOptions): Array<[string, string]> {
  const url = endpointUrl(http);
  const vars: Array<[string, string]> = [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', url],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf'],
    // The SDKs batch spans for 5 s by default; a local debugger should show them at once.
    ['OTEL_BSP_SCHEDULE_DELAY', '500'],
    // OpenLLMetry (Traceloop SDK) sends to its own cloud unless given a base URL.
    ['TRACELOOP_BASE_URL', url],
  ];
  if (options.semconv === 'latest') vars.push(['OTEL_SEMCONV_STABILITY_OPT_IN', 'gen_ai_latest_experimental']);
  if (options.captureContent) {
    vars.push(
      ['OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', options.semconv === 'latest' ? 'SPAN_AND_EVENT' : 'true'],
      ['TRACELOOP_TRACE_CONTENT', 'true'],
      ['AZURE_TRACING_GEN_AI_CONTENT_RECORDING_ENABLED', 'true'],
    );
  }
  return vars;
}

export type SnippetFormat = 'bash' | 'powershell' | 'dotenv';

/** Shell text that sets the variables; values are quoted for the target shell. */
export function environmentSnippet(vars: Array<[string, string]>, format: SnippetFormat): string {
  const lines = vars.map(([name, value]) => {
    switch (format) {
      case 'bash':
        return `export ${name}='${value.replace(/'/g, `'\\''`)}'`;
      case 'powershell':
        return `$env:${name} = '${value.replace(/'/g, "''")}'`;
      case 'dotenv':
        return `${name}=${/[\s#"'$]/.test(value) ? JSON.stringify(value) : value}`;
    }
  });
  return lines.join('\n') + '\n';
}
