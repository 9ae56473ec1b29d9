/**
 * Errors, as differently as the libraries report them:
 * - status ERROR plus an `exception` span event (most SDKs: `recordException` + `setStatus`);
 * - status OK or UNSET with an `exception` event (LangSmith still records the exception): it is
 *   kept as error information, because the exception is what the user is looking for;
 * - an `error.type` attribute (OTel GenAI, HTTP client conventions) with or without an event;
 * - Langfuse's `langfuse.observation.level = ERROR` and Genkit's `genkit:state = error` are read by
 *   their own families and merged field by field.
 * Several exception events (retries): the last one is the one that escaped, so it wins.
 */
import type { ErrorInfo } from '../../protocol/trace-json';
import { toText } from './attributes';
import type { Family, FamilyFields, SpanContext } from './family';

/**
 * JS SDKs often put the whole `err.stack` into the message (LangChain via OpenInference:
 * "500 ...\n\nError: 500 ...\n    at APIError.generate (...)"), and Python ones a traceback: when no
 * stacktrace was sent, the stack is split off the message so each shows where it belongs.
 */
export function splitStack(error: ErrorInfo): ErrorInfo {
  if (error.stacktrace || !error.message) return error;
  const text = error.message;
  const python = text.indexOf('Traceback (most recent call last):');
  let stackStart = python;
  if (stackStart < 0) {
    const frame = /\n[ \t]+at /.exec(text);
    if (!frame) return error;
    // The stack begins at the "Error: ..." header line just before the first frame.
    stackStart = text.lastIndexOf('\n', frame.index - 1) + 1;
  }
  const message = text.slice(0, stackStart).trim();
  const stacktrace = text.slice(stackStart).trim();
  // With nothing before the stack, the summary line is the JS header (first line) or the Python
  // exception line (last line of a traceback).
  const lines = stacktrace.split('\n').filter((l) => l.trim() !== '');
  const summary = python >= 0 ? lines[lines.length - 1] : lines[0];
  return { ...error, message: message || summary.trim(), stacktrace };
}

function read({ span, attrs }: SpanContext): FamilyFields | undefined {
  let error: ErrorInfo | undefined;
  for (let i = span.events.length - 1; i >= 0; i--) {
    const e = span.events[i];
    if (e.name !== 'exception') continue;
    const a = e.attributes;
    error = {
      type: toText(a['exception.type']),
      message: toText(a['exception.message']),
      stacktrace: toText(a['exception.stacktrace']),
    };
    break;
  }
  const errorType = attrs.str('error.type');
  if (span.status.code === 'error' || errorType || error) {
    error ??= {};
    error.type ??= errorType;
    if (error.message === undefined && span.status.message) error.message = span.status.message;
  }
  return error ? { error: splitStack(error) } : undefined;
}

export const errorsFamily: Family = {
  name: 'errors',
  applies: ({ span, attrs }) => span.status.code === 'error' || span.events.length > 0 || attrs.has('error.type'),
  read,
};
