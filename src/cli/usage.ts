/** Help texts of the `tracelight` command. */

export const MAIN_USAGE = `tracelight — local OpenTelemetry receiver and trace store for LLM, RAG and agent apps

Usage:
  tracelight serve [--port N] [--grpc-port N] [--snapshot FILE]
  tracelight import FILE... [--json] [--prices FILE] [--workspace DIR [--path-map FROM=TO]...]
  tracelight compare A B [FILE...] [--json] [--url URL]
  tracelight <command> --help

Commands:
  serve    Run the engine headless: OTLP/HTTP and OTLP/gRPC receivers plus the query API.
  import   Read OTLP files (protobuf .pb/.bin, OTLP/JSON .json, JSON Lines .jsonl, optionally .gz)
           and print a summary, or Trace JSON with --json.
  compare  Compare two runs step by step: what the model saw and said differently, documents,
           tools, status, tokens, cost and time.
`;

export const SERVE_USAGE = `Usage: tracelight serve [--port N] [--grpc-port N] [--snapshot FILE]

Runs the engine without VS Code and prints the endpoints to send telemetry to.
  --port N         OTLP/HTTP port (default 4318; the next free port is taken when it is busy)
  --grpc-port N    OTLP/gRPC port (default 4317; 0 = any free port)
  --no-grpc        Do not start the gRPC receiver
  --snapshot FILE  Load traces from FILE at start and save them there on exit
  --prices FILE    Your model prices (JSON, as the tracelight.prices setting); they win over the
                   price list and over recorded costs
Stop with Ctrl-C.
`;

export const IMPORT_USAGE = `Usage: tracelight import FILE... [--json] [--workspace DIR [--path-map FROM=TO]...]

Reads OTLP payloads from files and runs them through the same decode, normalize and store path
as the receiver:
  .pb .bin         protobuf ExportTraceServiceRequest or ExportLogsServiceRequest
  .json            OTLP/JSON request
  .jsonl           OTLP JSON Lines (one request per line, as the Collector's file exporter writes)
  any of them .gz  gzip-compressed
  --json           Print Trace JSON (version 1) of every imported trace on stdout
  --verbose        Also print the engine's log on stderr
  --workspace DIR  With --json: link each input message to the workspace file and lines that
                   produced it ("source") and each call site to its file ("code.workspacePath")
  --path-map FROM=TO
                   Read call-site paths under FROM as under TO (a folder; "." is the workspace),
                   for traces recorded in a container, on CI or on another machine. Repeatable.
  --prices FILE    Your model prices: { "<model or glob>": { "input": 0.15, "output": 0.6,
                   "cacheRead": 0.075, "cacheWrite": 0.3 } } in USD per million tokens; they win
                   over the price list and over costs the instrumentation recorded
A file that cannot be read is reported on stderr with its name; the other files are still
imported, and the exit code is 1. Items rejected inside a readable file (invalid ids, ...) are
reported on stderr as warnings; the rest of the file is imported and the exit code stays 0.
`;

export const COMPARE_USAGE = `Usage: tracelight compare A B [FILE...] [--json] [--url URL]

Aligns two runs (traces) step by step and reports what changed between them.
  A B        trace ids of the two runs, or unique prefixes of them (A is the baseline)
  FILE...    OTLP files to import first (as tracelight import reads them); the traces are
             looked up among them
  --url URL  without FILEs, ask a running Tracelight (VS Code or tracelight serve) through its
             query API (default http://127.0.0.1:4318)
  --json     print Compare JSON (version 1): run totals and deltas (B minus A), every matched
             pair with its changes, the steps only in A or B, the kinds of difference and
             semanticDifference (false when only timing differs)
The exit code is 0 whether or not the runs differ; 1 when a trace cannot be found or read.
`;
