/**
 * The few lines that make an app started outside VS Code send its traces to Tracelight, for the
 * getting-started walkthrough's "Copy ... Setup" buttons. They name the receiver's live endpoint
 * (the port may have moved when the usual one was busy). Pure: no `vscode`.
 */

export type SetupLanguage = 'python' | 'typescript';

/** What OpenTelemetry's OTLP/HTTP trace exporters post to: the base endpoint plus the signal path. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

export function setupCode(language: SetupLanguage, endpoint: string): string {
  const url = tracesUrl(endpoint);
  switch (language) {
    case 'python':
      return [
        '# pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http',
        'from opentelemetry import trace',
        'from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter',
        'from opentelemetry.sdk.resources import Resource',
        'from opentelemetry.sdk.trace import TracerProvider',
        'from opentelemetry.sdk.trace.export import BatchSpanProcessor',
        '',
        'provider = TracerProvider(resource=Resource.create({"service.name": "my-app"}))',
        `provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint="${url}")))`,
        'trace.set_tracer_provider(provider)',
        '# Then switch on your LLM library\'s instrumentation, e.g. opentelemetry-instrumentation-openai-v2:',
        '# from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor; OpenAIInstrumentor().instrument()',
        '',
      ].join('\n');
    case 'typescript':
      return [
        '// npm install @opentelemetry/sdk-trace-node @opentelemetry/exporter-trace-otlp-proto @opentelemetry/resources',
        "import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';",
        "import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';",
        "import { resourceFromAttributes } from '@opentelemetry/resources';",
        '',
        'const tracerProvider = new NodeTracerProvider({',
        "  resource: resourceFromAttributes({ 'service.name': 'my-app' }),",
        `  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: '${url}' }))],`,
        '});',
        'tracerProvider.register();',
        "// Then register your LLM library's instrumentation, e.g. @opentelemetry/instrumentation-openai.",
        '',
      ].join('\n');
  }
}
