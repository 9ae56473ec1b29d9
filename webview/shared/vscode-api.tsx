/**
 * The VS Code webview API, reached through a preact context so components never touch globals and
 * tests can provide their own. `acquireVsCodeApi` may be called only once per page.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { FromTracePanel } from '../../src/protocol/trace-panel';

export interface VsCodeApi<State> {
  postMessage(message: FromTracePanel): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi<unknown>;

let acquired: VsCodeApi<unknown> | undefined;

export function getVsCodeApi<State>(): VsCodeApi<State> {
  acquired ??= acquireVsCodeApi();
  return acquired as VsCodeApi<State>;
}

export const VsCodeContext = createContext<VsCodeApi<unknown> | null>(null);

export function useVsCode<State>(): VsCodeApi<State> {
  const api = useContext(VsCodeContext);
  if (!api) throw new Error('VsCodeContext is not provided');
  return api as VsCodeApi<State>;
}
