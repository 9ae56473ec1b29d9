#!/usr/bin/env node
// A local peer for the ingest bench: Genkit's telemetry server (the store behind the Genkit
// Developer UI), which accepts OTLP/JSON at /api/otlp/v1/traces and keeps traces in local files.
// Run as a child process by bench/src/peer-bench.ts: argv = [peerDir, port, dataDir]; prints
// "ready" once listening. The package is not a dependency of Tracelight: install it anywhere
// (npm install --prefix DIR @genkit-ai/telemetry-server) and pass --peer-dir DIR to the bench.
'use strict';
const path = require('node:path');
const [peerDir, port, dataDir] = process.argv.slice(2);
const entry = require.resolve('@genkit-ai/telemetry-server', { paths: [path.resolve(peerDir)] });
const { startTelemetryServer, LocalFileTraceStore, LocalFileLogStore } = require(entry);
startTelemetryServer({
  port: Number(port),
  host: '127.0.0.1',
  traceStore: new LocalFileTraceStore({ storeRoot: path.join(dataDir, 'traces'), indexRoot: path.join(dataDir, 'traces-index') }),
  logStore: new LocalFileLogStore({ storeRoot: path.join(dataDir, 'logs'), indexRoot: path.join(dataDir, 'logs-index') }),
  maxRequestBodySize: '64mb',
}).then(
  () => setTimeout(() => process.send ? process.send('ready') : console.log('ready'), 200),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
