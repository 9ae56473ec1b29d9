import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changedEngineConfig, isLoopbackAddress, resolveEngineConfig, type TracelightSettings } from '../../../src/host/settings';

function settings(receiver: Partial<TracelightSettings['receiver']> = {}, keep = true, autosaveMinutes = 5): TracelightSettings {
  return {
    receiver: { autoStart: true, httpPort: undefined, grpcPort: undefined, grpcEnabled: true, bindAddress: '127.0.0.1', allowRemote: false, maxBodyMegabytes: 64, ...receiver },
    retention: { maxSpans: 1000, maxMegabytes: 32, keepAcrossRestarts: keep, autosaveMinutes },
    environment: { inject: true, captureContent: true, semconv: 'default' },
    traces: { groupBy: 'none', maxShown: 500, revealOnFirstTrace: false },
    cost: { prices: {}, budgetUsd: 0, budgetWindow: 'today' },
  };
}

test('defaults are the OTLP ports on loopback', () => {
  const { config, warnings } = resolveEngineConfig(settings(), {}, '/tmp/s.sqlite');
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.httpPort, 4318);
  assert.equal(config.grpcPort, 4317);
  assert.equal(config.maxSpans, 1000);
  assert.equal(config.maxBytes, 32 * 1024 * 1024);
  assert.equal(config.snapshotPath, '/tmp/s.sqlite');
  assert.deepEqual(warnings, []);
});

test('environment ports apply only when the setting is not set explicitly', () => {
  const env = { TRACELIGHT_HTTP_PORT: '45001', TRACELIGHT_GRPC_PORT: '45002' };
  assert.equal(resolveEngineConfig(settings(), env, null).config.httpPort, 45001);
  assert.equal(resolveEngineConfig(settings(), env, null).config.grpcPort, 45002);
  assert.equal(resolveEngineConfig(settings({ httpPort: 46000 }), env, null).config.httpPort, 46000);
  assert.equal(resolveEngineConfig(settings(), { TRACELIGHT_HTTP_PORT: 'nope' }, null).config.httpPort, 4318);
});

test('a non-loopback bind address needs the explicit opt-in', () => {
  const refused = resolveEngineConfig(settings({ bindAddress: '0.0.0.0' }), {}, null);
  assert.equal(refused.config.host, '127.0.0.1');
  assert.match(refused.warnings[0]!, /allowRemote/);
  const allowed = resolveEngineConfig(settings({ bindAddress: '0.0.0.0', allowRemote: true }), {}, null);
  assert.equal(allowed.config.host, '0.0.0.0');
  assert.equal(allowed.warnings.length, 1);
  assert.ok(isLoopbackAddress('::1') && isLoopbackAddress('localhost') && isLoopbackAddress('127.0.0.2'));
  assert.ok(!isLoopbackAddress('192.168.1.2'));
});

test('gRPC off and snapshot off become null', () => {
  const { config } = resolveEngineConfig(settings({ grpcEnabled: false }, false), {}, '/x');
  assert.equal(config.grpcPort, null);
  assert.equal(config.snapshotPath, null);
});

test('only changed keys are sent to the engine', () => {
  const a = resolveEngineConfig(settings(), {}, null).config;
  const b = resolveEngineConfig(settings({ httpPort: 5000 }), {}, null).config;
  assert.deepEqual(changedEngineConfig(a, b), { httpPort: 5000 });
  assert.deepEqual(changedEngineConfig(a, a), {});
});

test('autosave: minutes become milliseconds; 0 or nonsense means saving only on close', () => {
  assert.equal(resolveEngineConfig(settings(), {}, '/tmp/s.sqlite').config.autosaveMs, 5 * 60 * 1000);
  assert.equal(resolveEngineConfig(settings({}, true, 0.5), {}, '/tmp/s.sqlite').config.autosaveMs, 30_000);
  assert.equal(resolveEngineConfig(settings({}, true, 0), {}, '/tmp/s.sqlite').config.autosaveMs, 0);
  assert.equal(resolveEngineConfig(settings({}, true, -3), {}, '/tmp/s.sqlite').config.autosaveMs, 0);
  assert.equal(resolveEngineConfig(settings({}, true, Number.NaN), {}, '/tmp/s.sqlite').config.autosaveMs, 0);
});
