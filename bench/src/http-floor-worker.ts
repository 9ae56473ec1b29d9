/**
 * The ingest floor: a bare `node:http` server in a worker thread (the same setup as the engine's
 * receiver) that reads every request body completely and discards it. Whatever the engine does on
 * top of this (parsing the request with express, decoding, normalizing, storing) is what the
 * ingest ratio measures. Posts `{port}` to its parent once listening; closes on any message.
 */
import * as http from 'node:http';
import { parentPort } from 'node:worker_threads';

let bodies = 0;
const server = http.createServer((request, response) => {
  let bytes = 0;
  request.on('data', (chunk: Buffer) => (bytes += chunk.length));
  request.on('end', () => {
    bodies++;
    // An empty ExportTraceServiceResponse is an empty body in both encodings' success case.
    response.writeHead(200, { 'Content-Type': request.headers['content-type'] ?? 'application/x-protobuf', 'X-Bytes-Read': String(bytes) });
    response.end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort?.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });
});
parentPort?.on('message', () => {
  parentPort?.postMessage({ bodies });
  server.close();
  server.closeAllConnections();
});
