// `npm run demo`: starts the fake model server, runs the support agent on a few questions and
// exports the spans with the real OpenTelemetry SDK (OTLP/HTTP protobuf) to
// OTEL_EXPORTER_OTLP_ENDPOINT (default http://127.0.0.1:4318): Tracelight shows them.
'use strict';
const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { startFakeLlmServer } = require('./fake-llm-server');

const QUESTIONS = [
  'Hi! Can I still get a refund for order #1042? The lamp is too tall for my room.',
  'Where is my order #9999? It has not arrived.',
];

async function main() {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT || 'http://127.0.0.1:4318';
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-agent-demo', 'service.version': '1.0.0' }),
    // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT itself; the URL is given for the default case.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }), { scheduledDelayMillis: 200 })],
  });
  provider.register();
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
    await provider.shutdown();
    await model.close();
  }
  console.log(`sent the traces to ${endpoint} (service "support-agent-demo")`);
}

main().catch((error) => {
  console.error(`demo failed: ${error.message}`);
  process.exit(1);
});
