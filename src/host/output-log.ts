/**
 * The "Tracelight" log output channel: the engine's own log lines and receiver changes, with the
 * log levels VS Code lets the user filter on.
 */
import * as vscode from 'vscode';
import type { EngineClientLike, EngineEvent, ReceiverState } from '../protocol/engine-api';
import { endpointUrl } from './otel-environment';

export function describeReceiver(state: ReceiverState): string {
  if (state.error) return `receiver failed: ${state.error}`;
  if (!state.running || !state.http) return 'receiver stopped';
  const parts = [`OTLP/HTTP ${endpointUrl(state.http)}`];
  if (state.http.requestedPort !== undefined && state.http.requestedPort !== state.http.port) {
    parts.push(`(port ${state.http.requestedPort} was busy)`);
  }
  if (state.grpc) {
    parts.push(`OTLP/gRPC ${state.grpc.host}:${state.grpc.port}`);
    if (state.grpc.requestedPort !== undefined && state.grpc.requestedPort !== state.grpc.port) {
      parts.push(`(port ${state.grpc.requestedPort} was busy)`);
    }
  }
  return `receiver listening: ${parts.join(' ')}`;
}

/** Writes the engine's log lines, receiver changes and evictions to the channel. */
export function forwardEngineLog(engine: EngineClientLike, log: vscode.LogOutputChannel): vscode.Disposable {
  // `evictedTraceIds` also lists deleted traces; the retention count tells evictions apart.
  let evictedSoFar: number | undefined;
  const subscription = engine.onEvent((event: EngineEvent) => {
    if (event.type === 'log') {
      switch (event.level) {
        case 'trace': log.trace(event.message); break;
        case 'debug': log.debug(event.message); break;
        case 'info': log.info(event.message); break;
        case 'warn': log.warn(event.message); break;
        case 'error': log.error(event.message); break;
      }
    } else if (event.type === 'receiver') {
      (event.state.error ? log.error : log.info).call(log, describeReceiver(event.state));
    } else if (event.type === 'changed') {
      const evicted = event.stats.evictedTraces;
      if (evictedSoFar !== undefined && evicted > evictedSoFar) {
        log.warn(`retention: evicted the ${evicted - evictedSoFar} oldest trace(s) (${evicted} so far); raise tracelight.retention.maxSpans / maxMegabytes to keep more`);
      }
      evictedSoFar = evicted;
    }
  });
  return { dispose: () => subscription.dispose() };
}
