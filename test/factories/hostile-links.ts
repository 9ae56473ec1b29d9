/**
 * Hostile span links, made by the real OTel JS SDK and serialized by its own OTLP/JSON serializer
 * (which writes ids as given, so ids that are not hex reach the engine as an app could send them):
 * a span whose links carry markup, bidi overrides and look-alikes in their ids, trace state and
 * attributes, and a linked span whose name spoofs its extension.
 */
import { context as otelContext, trace, TraceFlags, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordSpans, tracesJson } from './otlp-payloads';

export const HOSTILE_LINKS = {
  /** The linked span's name (stored): an override that makes "…exe.pdf" read. */
  targetName: 'report_\u202Efdp.exe',
  markupTraceId: '<img src=x onerror="window.__pwned=1">',
  markupSpanId: '"><script>window.__pwned=2</script>',
  bidiTraceState: 'vendor=\u202Eevil',
  attributeKey: 'note\u200B<b>',
  attributeValue: '<a href="javascript:window.__pwned=3">click</a> \u2066\u202Eyaw\u2069 \u0430pple.com',
} as const;

/** Two traces: the linked span (spoofing name) and a span linking it and a markup-id "span". */
export function hostileLinksTrace(): Uint8Array {
  const spans: ReadableSpan[] = recordSpans((tracer) => {
    const target = tracer.startSpan(HOSTILE_LINKS.targetName);
    target.end();
    const markup: SpanContext = { traceId: HOSTILE_LINKS.markupTraceId, spanId: HOSTILE_LINKS.markupSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
    const consumer = tracer.startSpan('hostile links', {
      links: [
        { context: target.spanContext(), attributes: { [HOSTILE_LINKS.attributeKey]: HOSTILE_LINKS.attributeValue } },
        { context: { ...markup, traceState: { serialize: () => HOSTILE_LINKS.bidiTraceState } as SpanContext['traceState'] } as SpanContext },
      ],
    }, trace.deleteSpan(otelContext.active()));
    consumer.end();
  }, 'hostile-links');
  return tracesJson(spans);
}
