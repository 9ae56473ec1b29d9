/**
 * Messages between EngineClient and the worker beyond the public EngineRequest/EngineEvent: the
 * initial data and the shutdown handshake (answered by an ordinary EngineResponse with the same id).
 */
import type { EngineConfig } from '../protocol/engine-api';

export interface EngineWorkerData {
  config: EngineConfig;
}

export interface ShutdownMessage {
  kind: 'shutdown';
  id: number;
}
