/**
 * Messages every Tracelight webview panel speaks, whatever it shows. Each panel's protocol is
 * `CommonFromWebview | <its own messages>` (and `CommonToWebview | ...` the other way); the generic
 * panel layer (src/host/panels/) handles the common ones, so a panel's session sees only its own.
 *
 * Flow: the webview posts `ready` once it listens (after every load: hidden panels are destroyed,
 * not retained), the host answers with the panel's snapshot, then pushes updates.
 * No `vscode`, no DOM here.
 */
import { MAX_COPY_CHARS } from './limits';
import { isBoundedString, isPlainObject, isPositiveInt, isSpanId, isTraceId, onlyKeys, type Fields, type ParseResult } from './guards';

export type CommonFromWebview =
  /** The webview has loaded and listens: the host answers with a snapshot. */
  | { type: 'ready' }
  /** An uncaught error in the webview, for the output log. */
  | { type: 'webviewError'; message: string }
  /** A `file:line` from a stack trace or code location; opened only inside the workspace. */
  | { type: 'openLocation'; file: string; line?: number; column?: number }
  | { type: 'copy'; text: string }
  /** Open (or reveal) the trace panel of a trace, optionally at a span. */
  | { type: 'openTrace'; traceId: string; spanId?: string }
  /** A link in rendered telemetry (http/https only): opened by VS Code, with its own confirmation,
   * never by navigating the webview. */
  | { type: 'openExternal'; url: string };

export type CommonToWebview =
  /** Something the panel cannot show (the host failed to load its data). */
  { type: 'error'; message: string };

const COMMON_TYPES: ReadonlySet<string> = new Set<CommonFromWebview['type']>(['ready', 'webviewError', 'openLocation', 'copy', 'openTrace', 'openExternal']);

export function isCommonFromWebview<From extends { type: string }>(message: From | CommonFromWebview): message is CommonFromWebview {
  return COMMON_TYPES.has(message.type);
}

const MAX_PATH = 4_096;
const MAX_COPY = MAX_COPY_CHARS;
const MAX_ERROR = 10_000;
const MAX_URL = 8_192;
/** Only web links leave the panel; javascript:, data:, command:, file:, mailto: and the rest never do. */
export const EXTERNAL_LINK = /^https?:\/\/[^\s]+$/i;

function parseCommon(msg: Fields, type: CommonFromWebview['type']): ParseResult<CommonFromWebview> {
  const fail = (reason: string): ParseResult<CommonFromWebview> => ({ ok: false, reason });
  switch (type) {
    case 'ready':
      if (!onlyKeys(msg, [])) return fail('ready: unexpected fields');
      return { ok: true, value: { type } };
    case 'webviewError':
      if (!onlyKeys(msg, ['message'])) return fail('webviewError: unexpected fields');
      if (typeof msg.message !== 'string') return fail('webviewError: bad message');
      // Truncate rather than reject: the report is still useful, and it only goes to a log.
      return { ok: true, value: { type, message: msg.message.slice(0, MAX_ERROR) } };
    case 'openLocation': {
      if (!onlyKeys(msg, ['file', 'line', 'column'])) return fail('openLocation: unexpected fields');
      if (!isBoundedString(msg.file, MAX_PATH) || msg.file.length === 0) return fail('openLocation: bad file');
      if (msg.file.includes('\0')) return fail('openLocation: NUL in file');
      if (msg.line !== undefined && !isPositiveInt(msg.line)) return fail('openLocation: bad line');
      if (msg.column !== undefined && !isPositiveInt(msg.column)) return fail('openLocation: bad column');
      return { ok: true, value: { type, file: msg.file, ...(msg.line !== undefined ? { line: msg.line } : {}), ...(msg.column !== undefined ? { column: msg.column } : {}) } };
    }
    case 'copy':
      if (!onlyKeys(msg, ['text'])) return fail('copy: unexpected fields');
      if (!isBoundedString(msg.text, MAX_COPY)) return fail('copy: bad text');
      return { ok: true, value: { type, text: msg.text } };
    case 'openTrace':
      if (!onlyKeys(msg, ['traceId', 'spanId'])) return fail('openTrace: unexpected fields');
      if (!isTraceId(msg.traceId)) return fail('openTrace: bad traceId');
      if (msg.spanId !== undefined && !isSpanId(msg.spanId)) return fail('openTrace: bad spanId');
      return { ok: true, value: { type, traceId: msg.traceId, ...(msg.spanId !== undefined ? { spanId: msg.spanId } : {}) } };
    case 'openExternal':
      if (!onlyKeys(msg, ['url'])) return fail('openExternal: unexpected fields');
      if (!isBoundedString(msg.url, MAX_URL) || !EXTERNAL_LINK.test(msg.url)) return fail('openExternal: not an http(s) link');
      return { ok: true, value: { type, url: msg.url } };
  }
}

/**
 * Validates a message from a panel's webview: the common messages here, the panel's own with
 * `parseOwn` (which sees a plain object with a string `type` that is not a common one, and must
 * reject types it does not know). The result is a fresh object holding only the known fields.
 */
export function parsePanelMessage<Own extends { type: string }>(
  value: unknown,
  parseOwn: (msg: Fields, type: string) => ParseResult<Own>,
): ParseResult<CommonFromWebview | Own> {
  if (!isPlainObject(value)) return { ok: false, reason: 'message is not an object' };
  const type = value.type;
  if (typeof type !== 'string') return { ok: false, reason: 'message has no type' };
  if (COMMON_TYPES.has(type)) return parseCommon(value, type as CommonFromWebview['type']);
  return parseOwn(value, type);
}

export function unknownType(type: string): { ok: false; reason: string } {
  return { ok: false, reason: `unknown message type '${type.slice(0, 40)}'` };
}

/** Ends an exhaustive `switch`: adding a message type fails to compile until it is handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
