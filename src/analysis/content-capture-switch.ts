/**
 * Which switch turns message content on, for the library that produced a model-call span: what the
 * "content not captured" notice names. Each library has its own (checked against the libraries that
 * produced the fixtures); for one it does not know, the notice names the library and no switch,
 * rather than a variable that may be wrong or already set.
 */

export interface ContentSwitch {
  /** The library, as a user knows it. */
  library: string;
  /** What to set: an environment variable assignment or a setup argument; absent when not known. */
  setting?: string;
  /** More to say about the setting, when it needs it. */
  note?: string;
}

interface SpanOrigin {
  scope?: { name: string };
  conventions?: string[];
  attributes?: Record<string, unknown>;
}

const GENAI = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

export function contentCaptureSwitch(span: SpanOrigin): ContentSwitch {
  const scope = span.scope?.name ?? '';
  const conventions = span.conventions ?? [];
  const attrs = span.attributes ?? {};
  const genAi = (): ContentSwitch => attrs['gen_ai.provider.name'] !== undefined && attrs['gen_ai.system'] === undefined
    // The latest GenAI conventions (gen_ai.provider.name alone) take a mode instead of true.
    ? { library: 'OpenTelemetry GenAI instrumentation', setting: `${GENAI}=SPAN_ONLY`, note: 'with OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental (or EVENT_ONLY / SPAN_AND_EVENT)' }
    : { library: 'OpenTelemetry GenAI instrumentation', setting: `${GENAI}=true` };
  if (scope.startsWith('opentelemetry.instrumentation.openai_v2') || scope.startsWith('opentelemetry.util.genai') || scope.startsWith('@opentelemetry/instrumentation-')) return genAi();
  if (scope.startsWith('openlit') || attrs['telemetry.sdk.name'] === 'openlit') {
    return { library: 'OpenLIT', setting: `${GENAI}=true`, note: 'or openlit.init(capture_message_content=True)' };
  }
  if (scope === 'pydantic-ai') return { library: 'pydantic-ai', setting: 'InstrumentationSettings(include_content=True)', note: 'the default' };
  if (scope.startsWith('strands')) return { library: 'Strands Agents' };
  if (scope.startsWith('logfire')) return { library: 'Logfire' };
  if (scope.startsWith('openinference') || scope.startsWith('@arizeai/openinference') || conventions.includes('openinference')) {
    return { library: 'OpenInference', note: 'it records content unless OPENINFERENCE_HIDE_INPUTS / OPENINFERENCE_HIDE_OUTPUTS are set: unset them' };
  }
  // OpenLLMetry's Python scopes look like OTel contrib's (`opentelemetry.instrumentation.openai.v1`): its keys tell them apart.
  if (scope.startsWith('@traceloop/') || (conventions.includes('openllmetry') && scope.startsWith('opentelemetry.instrumentation.'))) {
    return { library: 'OpenLLMetry', setting: 'TRACELOOP_TRACE_CONTENT=true' };
  }
  if (scope.startsWith('opentelemetry.instrumentation.')) return genAi();
  if (conventions.includes('vercel-ai')) {
    return { library: 'the AI SDK', setting: 'experimental_telemetry: { isEnabled: true, recordInputs: true, recordOutputs: true }' };
  }
  return { library: scope ? `the instrumentation "${scope}"` : 'the instrumentation' };
}
