/**
 * `tracelight serve`: the engine headless, in this process (there is no editor thread to protect).
 * Prints the real endpoints (a busy port is replaced by the next free one) and the environment an
 * app needs; Ctrl-C stops the receiver, saves the snapshot if one was given, and exits.
 */
import { parseArgs } from 'node:util';
import { Engine } from '../engine/engine';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type ReceiverState } from '../protocol/engine-api';
import { readPricesFile } from './prices-file';
import { type CliIo, parsePort, UsageError } from './cli-io';
import { SERVE_USAGE } from './usage';

export function describeEndpoints(state: ReceiverState): string {
  const lines: string[] = ['Tracelight is receiving telemetry:'];
  const busy = (e: { requestedPort?: number }) => (e.requestedPort !== undefined ? `  (port ${e.requestedPort} was busy)` : '');
  if (state.http) {
    const base = `http://${state.http.host}:${state.http.port}`;
    lines.push(`  OTLP/HTTP  ${base}  (POST /v1/traces, /v1/logs, /v1/metrics)${busy(state.http)}`);
  }
  if (state.grpc) lines.push(`  OTLP/gRPC  http://${state.grpc.host}:${state.grpc.port}${busy(state.grpc)}`);
  if (state.http) lines.push(`  Query API  http://${state.http.host}:${state.http.port}/api/traces`);
  if (state.http) {
    lines.push('', 'Point your app at it:',
      `  export OTEL_EXPORTER_OTLP_ENDPOINT=http://${state.http.host}:${state.http.port}`,
      '  export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
      '  export OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true');
  }
  return `${lines.join('\n')}\n`;
}

export interface ServeHandle {
  state: ReceiverState;
  stop(): Promise<void>;
}

/** Starts serving; resolves once the receiver is up (or failed). */
export async function startServe(args: string[], io: CliIo): Promise<ServeHandle | number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' }, 'grpc-port': { type: 'string' }, 'no-grpc': { type: 'boolean' },
      snapshot: { type: 'string' }, prices: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(SERVE_USAGE);
    return 0;
  }
  const grpcPort = values['no-grpc'] ? null : parsePort(values['grpc-port'], '--grpc-port') ?? DEFAULT_ENGINE_CONFIG.grpcPort;
  if (values['no-grpc'] && values['grpc-port'] !== undefined) throw new UsageError('--grpc-port and --no-grpc exclude each other');
  const config: EngineConfig = {
    ...DEFAULT_ENGINE_CONFIG,
    httpPort: parsePort(values.port, '--port') ?? DEFAULT_ENGINE_CONFIG.httpPort,
    grpcPort,
    snapshotPath: values.snapshot ?? null,
    // A terminal wants a line a second at most, not one per 100 ms batch.
    changeDebounceMs: 1000,
    prices: readPricesFile(values.prices),
  };
  const engine = await Engine.create({
    config,
    emit: (event) => {
      if (event.type === 'log' && event.level !== 'trace' && event.level !== 'debug') io.stderr(`[${event.level}] ${event.message}\n`);
      if (event.type === 'changed') {
        const s = event.stats;
        io.stdout(`${event.traceIds.length} trace(s) updated; holding ${s.traceCount} trace(s), ${s.spanCount} span(s)\n`);
      }
    },
  });
  const state = await engine.startReceiver();
  if (!state.running) {
    io.stderr(`tracelight: the receiver could not start: ${state.error ?? 'unknown error'}\n`);
    await engine.stop();
    return 1;
  }
  io.stdout(describeEndpoints(state));
  return { state, stop: () => engine.stop() };
}

export async function runServe(args: string[], io: CliIo): Promise<number> {
  const handle = await startServe(args, io);
  if (typeof handle === 'number') return handle;
  io.stdout('Press Ctrl-C to stop.\n');
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stdout('Stopping…\n');
      handle.stop().then(() => resolve(0), (error: unknown) => {
        io.stderr(`tracelight: ${error instanceof Error ? error.message : String(error)}\n`);
        resolve(1);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
