/**
 * The receiver: OTLP/HTTP (with the read-only query API) and OTLP/gRPC, both feeding the same
 * IngestSink. This file is the module's public surface.
 */
import type { EngineConfig, EngineLogLevel, ReceiverState } from '../../protocol/engine-api';
import type { IngestSink, TraceQuerySource } from '../ingest';
import type { PreparedIngest } from './export-handler';
import { startGrpcReceiver, type GrpcReceiver } from './grpc-server';
import { startHttpReceiver, type HttpReceiver } from './http-server';

export interface ReceiverOptions {
  config: EngineConfig;
  sink: IngestSink;
  /** Traces prepared for the store (see src/engine/prepare); without it they are decoded and stored as DecodedSpans. */
  prepared?: PreparedIngest;
  query: TraceQuerySource;
  log: (level: EngineLogLevel, message: string) => void;
}

export interface Receiver {
  state: ReceiverState;
  close(): Promise<void>;
}

/**
 * Starts both servers. Never rejects for a port problem: a server that could not start is null in
 * `state` and `state.error` says why (the HTTP receiver failing means `running: false`).
 */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { config, sink, query, log, prepared } = options;
  const errors: string[] = [];
  let http: HttpReceiver | null = null;
  let grpcReceiver: GrpcReceiver | null = null;
  try {
    http = await startHttpReceiver({ host: config.host, port: config.httpPort, maxBodyBytes: config.maxBodyBytes, sink, prepared, query, log });
  } catch (error) {
    errors.push(`OTLP/HTTP: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (config.grpcPort !== null) {
    try {
      grpcReceiver = await startGrpcReceiver({ host: config.host, port: config.grpcPort, maxBodyBytes: config.maxBodyBytes, sink, prepared, log });
    } catch (error) {
      errors.push(`OTLP/gRPC: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const state: ReceiverState = { running: http !== null, http: http?.endpoint ?? null, grpc: grpcReceiver?.endpoint ?? null };
  if (errors.length > 0) {
    state.error = errors.join('; ');
    log('error', `receiver: ${state.error}`);
  }
  for (const [name, endpoint] of [['OTLP/HTTP', state.http], ['OTLP/gRPC', state.grpc]] as const) {
    if (endpoint?.requestedPort !== undefined) log('info', `${name}: port ${endpoint.requestedPort} is busy, listening on ${endpoint.port}`);
  }
  let closed = false;
  return {
    state,
    async close() {
      if (closed) return;
      closed = true;
      state.running = false;
      await Promise.all([http?.close(), grpcReceiver?.close()]);
    },
  };
}
