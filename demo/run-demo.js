// `npm run demo`: starts the fake model server, runs the support agent on a few questions and
// exports its spans and log records with the real OpenTelemetry SDK (OTLP/HTTP protobuf) to
// OTEL_EXPORTER_OTLP_ENDPOINT (default http://127.0.0.1:4318): Tracelight shows them. The model
// calls are traced by @opentelemetry/instrumentation-openai, which sends prompts and answers as log
// records, joined to their spans by Tracelight.
'use strict';
const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { logs } = require('@opentelemetry/api-logs');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
const { startFakeLlmServer } = require('./fake-llm-server');

const QUESTIONS = [
  'Hi! Can I still get a refund for order #1042? The lamp is too tall for my room.',
  'Where is my order #9999? It has not arrived.',
];

async function main() {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || 'http://127.0.0.1:4318';
  const base = endpoint.replace(/\/$/, '');
  const resource = resourceFromAttributes({ 'service.name': 'support-agent-demo', 'service.version': '1.0.0' });
  const provider = new NodeTracerProvider({
    resource,
    // The exporters read OTEL_EXPORTER_OTLP_ENDPOINT themselves; the URLs are given for the default case.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` }), { scheduledDelayMillis: 200 })],
  });
  provider.register();
  const loggerProvider = new LoggerProvider({
    resource, processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${base}/v1/logs` }), scheduledDelayMillis: 200 })],
  });
  logs.setGlobalLoggerProvider(loggerProvider);
  // Terminals opened in VS Code already have this switch from Tracelight; set it for any other shell.
  process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT ??= 'true';
  // Registered before the agent requires `openai`, which the instrumentation patches on load.
  registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });
  const { answer } = require('./support-agent');
  const model = await startFakeLlmServer();
  try {
    const sessionId = `demo-${Date.now().toString(36)}`;
    for (const question of QUESTIONS) {
      console.log(`customer: ${question}`);
      console.log(`agent:    ${await answer(model.url, question, sessionId)}\n`);
    }
  } finally {
    await provider.forceFlush();
    await loggerProvider.forceFlush();
    await provider.shutdown();
    await loggerProvider.shutdown();
    await model.close();
  }
  console.log(`sent the traces and their log records to ${endpoint} (service "support-agent-demo")`);
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
