/** The OTLP/HTTP receiver and query API: one express app on one port. */
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Endpoint, EngineLogLevel } from '../../protocol/engine-api';
import type { IngestSink, TraceQuerySource } from '../ingest';
import { recordRefused, type ExportContext, type PreparedIngest } from './export-handler';
import { extraAllowedHosts, loopbackGuard } from './loopback-guard';
import { otlpRoutes, otlpSignalOf, sendError } from './otlp-http-routes';
import { closeIdleConnectionsAfterInput } from './keep-alive';
import { bindWithFallback } from './port-fallback';
import { queryRoutes } from './query-http-routes';

export interface HttpReceiverOptions {
  host: string;
  port: number;
  maxBodyBytes: number;
  sink: IngestSink;
  prepared?: PreparedIngest;
  query: TraceQuerySource;
  log: (level: EngineLogLevel, message: string) => void;
  /** How long an idle kept-alive connection is held (keep-alive.ts); 5 s by default. */
  keepAliveMs?: number;
}

export interface HttpReceiver {
  endpoint: Endpoint;
  close(): Promise<void>;
}

export async function startHttpReceiver(options: HttpReceiverOptions): Promise<HttpReceiver> {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const remoteOf = (req: express.Request) => req.socket.remoteAddress;
  const context = (req: express.Request): ExportContext => ({ sink: options.sink, prepared: options.prepared, log: options.log, transport: 'http', remote: remoteOf(req) });
  app.use(
    loopbackGuard({
      extraHosts: extraAllowedHosts(options.host),
      onRefused: (req, status, reason) => {
        // Refused exports count as failed requests; refused queries are only logged.
        const signal = otlpSignalOf(req.path);
        if (signal) recordRefused(context(req), signal, 0, `${status}: ${reason}`);
        else options.log('warn', `HTTP ${req.method} ${req.path} from ${remoteOf(req)} refused (${status}): ${reason}`);
      },
    }),
  );
  app.use(otlpRoutes({ maxBodyBytes: options.maxBodyBytes, context }));
  app.use(queryRoutes(options.query, (message) => options.log('error', message)));
  app.use((req, res) => sendError(res, 'json', 404, 5, `no such endpoint: ${req.method} ${req.path}`));
  // Last resort: whatever a handler threw becomes a 500 with a message, never a crash.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const message = error instanceof Error ? error.message : String(error);
    options.log('error', `HTTP ${req.method} ${req.path} failed: ${message}`);
    sendError(res, 'json', 500, 13, message);
  });

  const server = createServer(app);
  // Slow or stuck clients are cut off rather than holding sockets forever.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  closeIdleConnectionsAfterInput(server, options.keepAliveMs);
  server.on('clientError', (error, socket) => {
    options.log('debug', `HTTP client error: ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const bound = await bindWithFallback(options.port, (port) => listen(server, options.host, port));
  return {
    endpoint: { host: options.host, ...bound },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
