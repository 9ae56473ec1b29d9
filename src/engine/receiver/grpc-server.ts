/**
 * OTLP/gRPC: the three collector services' Export methods, served with raw Buffers in and out so
 * the same direct decoder as OTLP/HTTP does the work (no proto-loader, no reflection). grpc-js
 * handles gzip-compressed messages itself and bounds them by max_receive_message_length, which
 * applies to the decompressed size.
 */
import * as grpc from '@grpc/grpc-js';
import type { Endpoint, EngineLogLevel } from '../../protocol/engine-api';
import type { IngestSink, Signal } from '../ingest';
import { handleExport, type PreparedIngest } from './export-handler';
import { bindWithFallback } from './port-fallback';

export interface GrpcReceiverOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  sink: IngestSink;
  prepared?: PreparedIngest;
  log: (level: EngineLogLevel, message: string) => void;
}

export interface GrpcReceiver {
  endpoint: Endpoint;
  close(): Promise<void>;
}

const SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const passThrough = (value: Buffer): Buffer => value;

function exportService(path: string): grpc.ServiceDefinition {
  const method: grpc.MethodDefinition<Buffer, Buffer> = {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  };
  return { Export: method };
}

export async function startGrpcReceiver(options: GrpcReceiverOptions): Promise<GrpcReceiver> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxBodyBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  for (const signal of Object.keys(SERVICES) as Signal[]) {
    const handler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
      const context = { sink: options.sink, prepared: options.prepared, log: options.log, transport: 'grpc' as const, remote: call.getPeer() };
      void handleExport(signal, call.request, 'protobuf', call.request.length, context).then((outcome) => {
        if (outcome.kind === 'accepted') callback(null, Buffer.from(outcome.response));
        else if (outcome.kind === 'malformed') callback({ code: grpc.status.INVALID_ARGUMENT, details: outcome.message });
        else callback({ code: grpc.status.INTERNAL, details: outcome.message });
      }, (error: unknown) => callback({ code: grpc.status.INTERNAL, details: error instanceof Error ? error.message : String(error) }));
    };
    server.addService(exportService(SERVICES[signal]), { Export: handler });
  }
  const address = (port: number) => (options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]:${port}` : `${options.host}:${port}`);
  let bound;
  try {
    bound = await bindWithFallback(options.port, (port) =>
      new Promise<number>((resolve, reject) =>
        server.bindAsync(address(port), grpc.ServerCredentials.createInsecure(), (error, actual) => (error ? reject(error) : resolve(actual))),
      ),
    );
  } catch (error) {
    server.forceShutdown();
    throw error;
  }
  return {
    endpoint: { host: options.host, ...bound },
    close: () =>
      new Promise<void>((resolve) => {
        // In-flight exports get a moment to finish; then the connections are cut.
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
