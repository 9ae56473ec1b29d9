/**
 * The generic host end of a webview: the handshake, the common messages every panel shares, the
 * panel's own messages reaching only its session, and failures going to the log, never thrown.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PanelConnection, type PanelSession, type WebviewServices } from '../../../src/host/panels/panel-connection';
import { parsePanelMessage, unknownType } from '../../../src/protocol/panel-messages';
import type { Fields, ParseResult } from '../../../src/protocol/guards';

type Ping = { type: 'ping'; n: number };

function parsePing(msg: Fields, type: string): ParseResult<Ping> {
  if (type !== 'ping') return unknownType(type);
  return typeof msg.n === 'number' ? { ok: true, value: { type, n: msg.n } } : { ok: false, reason: 'ping: bad n' };
}

function setup(failOn?: string) {
  const calls: string[] = [];
  const session: PanelSession<Ping> = {
    onReady: async () => void calls.push('session ready'),
    handle: async (m) => {
      if (failOn === m.type) throw new Error('engine went away');
      calls.push(`session ${m.type} ${m.n}`);
    },
    dispose: () => undefined,
  };
  const services: WebviewServices = {
    openLocation: async (file, line, column) => void calls.push(`open ${file}:${line}:${column}`),
    copy: async (text) => void calls.push(`copy ${text}`),
    openTrace: (traceId, spanId) => void calls.push(`trace ${traceId} ${spanId}`),
    openExternal: async (url) => void calls.push(`external ${url}`),
    openText: async (content, language) => void calls.push(`text ${language} ${content}`),
    log: { warn: (m) => void calls.push(`warn ${m}`), error: (m) => void calls.push(`error ${m}`) },
  };
  const connection = new PanelConnection('test panel', (v) => parsePanelMessage(v, parsePing), session, services);
  return { connection, calls };
}

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

test('ready marks the webview loaded and asks the session for its snapshot; unload waits for the next', async () => {
  const { connection, calls } = setup();
  assert.equal(connection.isReady, false);
  await connection.receive({ type: 'ready' });
  assert.equal(connection.isReady, true);
  assert.deepEqual(calls, ['session ready']);
  connection.unload();
  assert.equal(connection.isReady, false);
});

test('common messages go to the editor services and the log; the panel\'s own to its session', async () => {
  const { connection, calls } = setup();
  await connection.receive({ type: 'openLocation', file: 'src/app.ts', line: 3, column: 2 });
  await connection.receive({ type: 'copy', text: 'abc' });
  await connection.receive({ type: 'openTrace', traceId: TRACE, spanId: SPAN });
  await connection.receive({ type: 'webviewError', message: 'boom' });
  await connection.receive({ type: 'openExternal', url: 'https://example.com/docs?q=1' });
  await connection.receive({ type: 'ping', n: 7 });
  assert.deepEqual(calls, ['open src/app.ts:3:2', 'copy abc', `trace ${TRACE} ${SPAN}`, 'error test panel webview: boom', 'external https://example.com/docs?q=1', 'session ping 7']);
});

test('rejected messages are logged and never reach a handler', async () => {
  const { connection, calls } = setup();
  await connection.receive({ type: 'ping', n: 'seven' });
  await connection.receive({ type: 'openTrace', traceId: 'not-an-id' });
  await connection.receive({ type: 'deleteEverything' });
  for (const url of ['javascript:alert(1)', 'mailto:a@b.c', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://x']) {
    await connection.receive({ type: 'openExternal', url });
  }
  await connection.receive('ready');
  assert.deepEqual(calls, [
    'warn test panel: message rejected: ping: bad n',
    'warn test panel: message rejected: openTrace: bad traceId',
    "warn test panel: message rejected: unknown message type 'deleteEverything'",
    ...Array(5).fill('warn test panel: message rejected: openExternal: not an http(s) link'),
    'warn test panel: message rejected: message is not an object',
  ]);
  assert.equal(connection.isReady, false);
});

test('a failing handler is logged as an error, not thrown into the webview channel', async () => {
  const { connection, calls } = setup('ping');
  await connection.receive({ type: 'ping', n: 1 });
  assert.deepEqual(calls, ["error test panel: handling 'ping' failed: engine went away"]);
});
