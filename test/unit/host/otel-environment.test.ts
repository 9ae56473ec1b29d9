import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { endpointUrl, environmentSnippet, otelEnvironment } from '../../../src/host/otel-environment';

const endpoint = { host: '127.0.0.1', port: 43190 };

test('the endpoint variable carries the real port', () => {
  const vars = new Map(otelEnvironment(endpoint, { captureContent: true, semconv: 'default' }));
  assert.equal(vars.get('OTEL_EXPORTER_OTLP_ENDPOINT'), 'http://127.0.0.1:43190');
  assert.equal(vars.get('OTEL_EXPORTER_OTLP_PROTOCOL'), 'http/protobuf');
  assert.equal(vars.get('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'), 'true');
  assert.equal(vars.get('TRACELOOP_TRACE_CONTENT'), 'true');
  assert.equal(vars.has('OTEL_SEMCONV_STABILITY_OPT_IN'), false);
  assert.equal(vars.has('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'), false);
});

test('latest conventions switch capture to the enum the GenAI utilities accept', () => {
  const vars = new Map(otelEnvironment(endpoint, { captureContent: true, semconv: 'latest' }));
  assert.equal(vars.get('OTEL_SEMCONV_STABILITY_OPT_IN'), 'gen_ai_latest_experimental');
  assert.equal(vars.get('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT'), 'SPAN_AND_EVENT');
});

test('content capture off leaves every capture switch out', () => {
  const names = otelEnvironment(endpoint, { captureContent: false, semconv: 'default' }).map(([n]) => n);
  assert.ok(names.includes('OTEL_EXPORTER_OTLP_ENDPOINT'));
  assert.ok(!names.some((n) => /CONTENT/.test(n)), names.join(','));
});

test('wildcard and IPv6 bind addresses become reachable URLs', () => {
  assert.equal(endpointUrl({ host: '0.0.0.0', port: 1 }), 'http://127.0.0.1:1');
  assert.equal(endpointUrl({ host: '::', port: 2 }), 'http://[::1]:2');
  assert.equal(endpointUrl({ host: '::1', port: 3 }), 'http://[::1]:3');
});

test('the bash snippet, run by a real bash, sets exactly these values', () => {
  const vars: Array<[string, string]> = [...otelEnvironment(endpoint, { captureContent: true, semconv: 'default' }), ['ODD', `it's "$HOME" #1`]];
  const script = environmentSnippet(vars, 'bash') + vars.map(([n]) => `printf '%s\\0' "$${n}"`).join('\n');
  const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nowhere' } });
  assert.deepEqual(out.split('\0').slice(0, -1), vars.map(([, v]) => v));
});

test('PowerShell and .env snippets quote values', () => {
  const vars: Array<[string, string]> = [['A', "x'y"], ['B', 'plain'], ['C', 'has space']];
  assert.equal(environmentSnippet(vars, 'powershell'), "$env:A = 'x''y'\n$env:B = 'plain'\n$env:C = 'has space'\n");
  assert.equal(environmentSnippet(vars, 'dotenv'), 'A="x\'y"\nB=plain\nC="has space"\n');
});
