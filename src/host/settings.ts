/**
 * Tracelight's settings as plain values, and how they become the engine's configuration. Pure (no
 * `vscode`): `config.ts` reads the values from VS Code, this module decides what they mean, so the
 * rules (loopback unless opted in, environment overrides for tests) are unit-tested.
 */
import type { EngineConfig } from '../protocol/engine-api';
import { DEFAULT_ENGINE_CONFIG } from '../protocol/engine-api';
import type { GenAiSemconvMode } from './otel-environment';
import { parseUserPrices } from '../analysis/pricing/user-prices';
import type { CostWindow } from '../protocol/cost';

export type TraceGrouping = 'none' | 'service' | 'session';

export interface TracelightSettings {
  receiver: {
    autoStart: boolean;
    /** undefined when the user has not set the port explicitly (an environment override may apply). */
    httpPort: number | undefined;
    grpcPort: number | undefined;
    grpcEnabled: boolean;
    bindAddress: string;
    allowRemote: boolean;
    maxBodyMegabytes: number;
  };
  retention: { maxSpans: number; maxMegabytes: number; keepAcrossRestarts: boolean; autosaveMinutes: number };
  environment: { inject: boolean; captureContent: boolean; semconv: GenAiSemconvMode };
  traces: { groupBy: TraceGrouping; maxShown: number; revealOnFirstTrace: boolean };
  /** `tracelight.prices` as set (checked in resolveEngineConfig) and the budget. */
  cost: { prices: unknown; budgetUsd: number; budgetWindow: CostWindow };
}

export interface ResolvedEngineConfig {
  config: EngineConfig;
  /** Human-readable warnings (e.g. a non-loopback bind address without the opt-in). */
  warnings: string[];
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_NAMES.has(host.trim().toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host.trim());
}

/** A port from an environment variable (`TRACELIGHT_HTTP_PORT`), or undefined when absent or invalid. */
function portFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

function validPort(port: number | undefined, fallback: number): number {
  return port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : fallback;
}

/**
 * Settings → engine configuration. An explicitly set port wins; otherwise `TRACELIGHT_HTTP_PORT` /
 * `TRACELIGHT_GRPC_PORT` from the environment (used by tests and by several VS Code windows that
 * must not share a port), then the OTLP defaults.
 */
export function resolveEngineConfig(
  settings: TracelightSettings,
  env: Record<string, string | undefined>,
  snapshotPath: string | null,
): ResolvedEngineConfig {
  const warnings: string[] = [];
  const r = settings.receiver;
  let host = r.bindAddress.trim() || DEFAULT_ENGINE_CONFIG.host;
  if (!isLoopbackAddress(host) && !r.allowRemote) {
    warnings.push(
      `tracelight.receiver.bindAddress is "${host}", which other machines could reach; ` +
        'listening on 127.0.0.1 instead. Set tracelight.receiver.allowRemote to true to accept it.',
    );
    host = DEFAULT_ENGINE_CONFIG.host;
  } else if (!isLoopbackAddress(host)) {
    warnings.push(`The receiver listens on ${host}: anyone who can reach this machine can send it telemetry.`);
  }
  const httpPort = validPort(r.httpPort ?? portFromEnv(env.TRACELIGHT_HTTP_PORT), DEFAULT_ENGINE_CONFIG.httpPort);
  const grpcPreferred = validPort(r.grpcPort ?? portFromEnv(env.TRACELIGHT_GRPC_PORT), DEFAULT_ENGINE_CONFIG.grpcPort ?? 4317);
  const prices = parseUserPrices(settings.cost.prices);
  for (const e of prices.errors) warnings.push(`tracelight.prices: ${e}; that entry is ignored.`);
  const megabytes = (value: number, fallback: number) =>
    Number.isFinite(value) && value > 0 ? Math.round(value * 1024 * 1024) : fallback;
  return {
    warnings,
    config: {
      host,
      httpPort,
      grpcPort: r.grpcEnabled ? grpcPreferred : null,
      maxBodyBytes: megabytes(r.maxBodyMegabytes, DEFAULT_ENGINE_CONFIG.maxBodyBytes),
      maxSpans: Number.isInteger(settings.retention.maxSpans) && settings.retention.maxSpans > 0
        ? settings.retention.maxSpans
        : DEFAULT_ENGINE_CONFIG.maxSpans,
      maxBytes: megabytes(settings.retention.maxMegabytes, DEFAULT_ENGINE_CONFIG.maxBytes),
      snapshotPath: settings.retention.keepAcrossRestarts ? snapshotPath : null,
      autosaveMs: Number.isFinite(settings.retention.autosaveMinutes) && settings.retention.autosaveMinutes > 0
        ? Math.round(settings.retention.autosaveMinutes * 60_000)
        : 0,
      changeDebounceMs: DEFAULT_ENGINE_CONFIG.changeDebounceMs,
      prices: prices.prices,
    },
  };
}

/** The engine settings that differ between two configurations (what `configure` must be sent). */
export function changedEngineConfig(before: EngineConfig, after: EngineConfig): Partial<EngineConfig> {
  const diff: Partial<EngineConfig> = {};
  for (const key of Object.keys(after) as Array<keyof EngineConfig>) {
    // Prices are an object read afresh each time: compared by value.
    const differs = key === 'prices' ? JSON.stringify(before.prices) !== JSON.stringify(after.prices) : before[key] !== after[key];
    if (differs) (diff as Record<string, unknown>)[key] = after[key];
  }
  return diff;
}
