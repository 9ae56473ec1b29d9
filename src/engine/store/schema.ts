/**
 * The store's SQLite schema. Rows stay small (ids, times, names, counts); everything large lives in
 * `content` (one row per distinct string, reference-counted) and is referenced from `spans.detail`.
 *
 * The tables live in an ATTACHed ':memory:' database named `mem` (see store-database.ts for why);
 * queries name them unqualified, which resolves to `mem` because `main` holds no table of that name
 * (except for the moment a snapshot copies them out, see snapshot-copy.ts).
 */
export const SCHEMA_VERSION = 3;

/**
 * Snapshot versions this version reads. 1: content rows were never compressed, and a plain UTF-8
 * row reads the same in version 2 (content-text.ts). Version 2 snapshots may hold compressed rows,
 * which an older version would show as garbage: it refuses them by their number. Versions 1 and 2
 * keep a model call's tool-result ids in its `tool_calls` column; opening one moves them into
 * `tool_results` (tool-result-index.ts). A version 3 snapshot has them only there, so an older
 * version, which would find no consumer for any tool, refuses it by its number too.
 */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [1, 2, 3];

export const MEM = 'mem';

/** Every table, in the order a snapshot copies them. */
export const TABLES = ['meta', 'spans', 'logs', 'traces', 'calls', 'cost_rollup', 'call_duplicates', 'span_links', 'tool_results', 'content', 'content_refs'] as const;

const SCHEMA_TEMPLATE = `
CREATE TABLE IF NOT EXISTS §.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS §.spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  status_message TEXT,
  start_ms REAL NOT NULL,
  duration_ms REAL NOT NULL,
  service TEXT NOT NULL,
  model TEXT,
  provider TEXT,
  input_tokens INTEGER,
  output_tokens INTEGER,
  total_tokens INTEGER,
  cache_read_tokens INTEGER,
  cache_write_tokens INTEGER,
  reasoning_tokens INTEGER,
  -- The cost the instrumentation recorded; the priced cost is in calls.cost_usd.
  cost_usd REAL,
  session_id TEXT,
  prompt_name TEXT,
  prompt_version TEXT,
  -- A model call's tool-call keys (tool-call-keys.ts: the calls it asks for, whether its input has
  -- tool results; the results' ids are in tool_results); before the detail, so reading it never
  -- touches the detail's overflow pages.
  tool_calls TEXT,
  -- JSON of the decoded span and its normalized fields, large strings replaced by content refs.
  -- Stored as UTF-8 BLOBs (here and in logs/content): sql.js copies a blob into its heap natively,
  -- whereas binding a string runs a per-character UTF-8 encoder in JS, which dominated inserts.
  detail BLOB NOT NULL,
  -- Space-separated content hashes this row holds a reference to (one per occurrence).
  content_refs TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  -- 1 for a Logfire pending placeholder, stored under its real span's id (see pending-spans.ts).
  pending INTEGER NOT NULL DEFAULT 0,
  -- Rowid tables for the wide rows: WITHOUT ROWID only suits rows far smaller than a page.
  UNIQUE (trace_id, span_id)
);

-- The model calls of a trace in start order with their tool-call keys, read without touching the
-- wide rows (span-lookups.ts): selecting a tool span looks its links up here.
CREATE INDEX IF NOT EXISTS §.spans_llm_calls ON spans (trace_id, start_ms, parent_span_id, tool_calls) WHERE kind = 'llm';

-- Per tool-call id, the first model call whose input carries its result (tool-result-index.ts):
-- a tool span's consumer. One row per id, however many later calls re-send the result.
CREATE TABLE IF NOT EXISTS §.tool_results (
  trace_id TEXT NOT NULL,
  call_id TEXT NOT NULL,
  -- NULL once that call's row was removed or normalized again without the id.
  span_id TEXT,
  start_ms REAL NOT NULL,
  -- 1 when another call starting in the same millisecond carries it too.
  tied INTEGER NOT NULL,
  PRIMARY KEY (trace_id, call_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS §.logs (
  id INTEGER PRIMARY KEY,
  trace_id TEXT,
  span_id TEXT,
  time_ms REAL NOT NULL,
  detail BLOB NOT NULL,
  content_refs TEXT NOT NULL,
  bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS §.logs_by_span ON logs (trace_id, span_id);
CREATE INDEX IF NOT EXISTS §.logs_by_time ON logs (time_ms);

CREATE TABLE IF NOT EXISTS §.traces (
  trace_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  service TEXT NOT NULL,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  span_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  total_tokens INTEGER NOT NULL,
  cost_usd REAL,
  session_id TEXT,
  has_root INTEGER NOT NULL,
  updated_seq INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  unpriced_calls INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS §.traces_by_start ON traces (start_ms);
CREATE INDEX IF NOT EXISTS §.traces_by_service ON traces (service, start_ms);
CREATE INDEX IF NOT EXISTS §.traces_by_session ON traces (session_id, start_ms);
CREATE INDEX IF NOT EXISTS §.traces_by_name ON traces (name, start_ms);

-- One narrow row per span with tokens or a cost, priced with the current prices (call-costs.ts):
-- the cost panel aggregates these instead of the wide spans rows.
CREATE TABLE IF NOT EXISTS §.calls (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  start_ms REAL NOT NULL,
  flow TEXT NOT NULL,
  service TEXT NOT NULL,
  session_id TEXT,
  kind TEXT NOT NULL,
  provider TEXT,
  model TEXT,
  prompt TEXT,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_usd REAL,
  cost_input REAL,
  cost_output REAL,
  cost_cache_read REAL,
  cost_cache_write REAL,
  cost_source TEXT,
  price_model TEXT,
  cache_saving_usd REAL NOT NULL,
  counted INTEGER NOT NULL,
  PRIMARY KEY (trace_id, span_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS §.calls_by_start ON calls (start_ms) WHERE counted > 0;

-- Model calls recorded twice (semconv/duplicate-calls.ts), as the summary's roll-up found them:
-- a span's duplicateOf / alsoRecordedBy is a lookup here, not a pass over the whole trace.
-- seq keeps the order alsoRecordedBy lists them in.
CREATE TABLE IF NOT EXISTS §.call_duplicates (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  leader_span_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (trace_id, span_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS §.call_duplicates_by_leader ON call_duplicates (trace_id, leader_span_id, seq);

-- One narrow row per span link with well-formed ids (span-link-index.ts), so "which spans link to
-- this one" is an index lookup; the link itself (attributes, trace state) is in the span's detail.
CREATE TABLE IF NOT EXISTS §.span_links (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  -- The link's index in the span's list of links.
  position INTEGER NOT NULL,
  target_trace_id TEXT NOT NULL,
  target_span_id TEXT NOT NULL,
  PRIMARY KEY (trace_id, span_id, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS §.span_links_by_target ON span_links (target_trace_id, target_span_id);

-- The counted calls summed per minute and per key of each breakdown (cost-rollup.ts): what the
-- cost report reads for whole minutes of its window. dim: model, flow, prompt, session, service,
-- kind, unpriced (provider and model), traces (by their first counted call), minutes (every
-- counted call; max_cost_usd finds the costliest calls); detail: the price used for a model, else ''.
CREATE TABLE IF NOT EXISTS §.cost_rollup (
  dim INTEGER NOT NULL,
  key TEXT NOT NULL,
  detail TEXT NOT NULL,
  minute_ms INTEGER NOT NULL,
  calls INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  cache_saving_usd REAL NOT NULL,
  unpriced_calls INTEGER NOT NULL,
  max_cost_usd REAL,
  PRIMARY KEY (dim, key, detail, minute_ms)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS §.cost_rollup_by_minute ON cost_rollup (minute_ms);

-- A content row's text changes at most once (when it is compressed later, the row is moved; see
-- content-compaction.ts); its reference counts live in their own small rows, because SQLite
-- rewrites a whole record (overflow pages included) on every UPDATE.
CREATE TABLE IF NOT EXISTS §.content (
  hash TEXT PRIMARY KEY,
  text BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS §.content_refs (
  hash TEXT PRIMARY KEY,
  bytes INTEGER NOT NULL,
  refs INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** The schema's statements for the database `schema` (main or mem). */
export function schemaSql(schema: string): string {
  return SCHEMA_TEMPLATE.split('§.').join(`${schema}.`);
}
