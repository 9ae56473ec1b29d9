/**
 * What `activate` returns: for other extensions that want the engine, and for the extension-host
 * tests, which check the tree, the status bar and the environment of the running extension.
 */
import type { EngineClientLike, ReceiverState } from '../protocol/engine-api';
import type { EngineStatus } from './engine-status';
import type { TracesTreeProvider } from './traces/traces-tree';

export interface ActivationTimings {
  /** From entering `activate` to returning from it. */
  activateMs: number;
  /** From entering `activate` to the receiver listening (undefined until then, or if it never did). */
  receiverListeningMs?: number;
}

export interface TracelightApi {
  engine: EngineClientLike;
  traces: TracesTreeProvider;
  status: EngineStatus;
  /** Settles once the first receiver start finished (listening, or failed with `error`). */
  receiverReady: Promise<ReceiverState>;
  timings: ActivationTimings;
  /** Settles once the prompt-link index of the workspace is built (as of the last change). */
  promptIndexReady(): Promise<void>;
  statusBarText(): string;
  /** The status bar's cost item (empty while hidden). */
  costStatusText(): string;
  /** The variables VS Code gives new terminals, read from the extension's environment collection. */
  environmentVariables(): Record<string, string>;
}
