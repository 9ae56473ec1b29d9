/**
 * Test doubles and a raw HTTP client for receiver tests: a sink that records what it is given, a
 * fake TraceQuerySource, and a receiver started on free loopback ports.
 */
import { request } from 'node:http';
import type { IngestSink, RequestRecord, TraceQuerySource } from '../../../src/engine/ingest';
import type { DecodedLogRecord, DecodedSpan } from '../../../src/engine/model';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig, type EngineLogLevel } from '../../../src/protocol/engine-api';
import { startReceiver, type Receiver } from '../../../src/engine/receiver';

export class RecordingSink implements IngestSink {
  spans: DecodedSpan[] = [];
  logs: DecodedLogRecord[] = [];
  requests: RequestRecord[] = [];
  /** When set, ingestSpans throws this (to test that a failing store cannot take the receiver down). */
  failWith: Error | null = null;
  ingestSpans(spans: DecodedSpan[]): void {
    if (this.failWith) throw this.failWith;
    this.spans.push(...spans);
  }
  ingestLogs(logs: DecodedLogRecord[]): void {
    this.logs.push(...logs);
  }
  recordRequest(record: RequestRecord): void {
    this.requests.push(record);
  }
}

export const emptyQuery: TraceQuerySource = {
  listTraces: () => ({ traces: [], total: 0 }),
  readTraceJsonBytes: async () => Buffer.from('{"version":1,"traces":[]}'),
  getSpanLinks: () => null,
  listUntracedLogs: () => ({ records: [], total: 0, evicted: 0 }),
  getUntracedLog: () => null,
};

export interface Harness {
  receiver: Receiver;
  sink: RecordingSink;
  logs: { level: EngineLogLevel; message: string }[];
  httpUrl: string;
  httpPort: number;
  grpcPort: number;
  close(): Promise<void>;
}

export async function startHarness(config: Partial<EngineConfig> = {}, query: TraceQuerySource = emptyQuery): Promise<Harness> {
  const sink = new RecordingSink();
  const logs: Harness['logs'] = [];
  const receiver = await startReceiver({
    config: { ...DEFAULT_ENGINE_CONFIG, host: '127.0.0.1', httpPort: 0, grpcPort: 0, ...config },
    sink,
    query,
    log: (level, message) => logs.push({ level, message }),
  });
  if (!receiver.state.http) throw new Error(`receiver did not start: ${receiver.state.error}`);
  const httpPort = receiver.state.http.port;
  return {
    receiver,
    sink,
    logs,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    httpPort,
    grpcPort: receiver.state.grpc?.port ?? -1,
    close: () => receiver.close(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

/** A plain HTTP request with full control of the headers (Host included), to 127.0.0.1. */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body ? Buffer.from(options.body) : undefined);
  });
}
