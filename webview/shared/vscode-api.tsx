/**
 * The VS Code webview API for every panel, typed by the panel's protocol: `postMessage` takes the
 * panel's `From<Panel>` messages (the common ones included), `getState`/`setState` its persisted
 * view state. Reached through a preact context so components never touch globals and tests can
 * provide their own. `acquireVsCodeApi` may be called only once per page.
 */
import { createContext } from 'preact';
import { useCallback, useContext, useState } from 'preact/hooks';
import type { CommonFromWebview } from '../../src/protocol/panel-messages';

type Message = { type: string };

export interface VsCodeApi<From extends Message = CommonFromWebview, State = unknown> {
  postMessage(message: From | CommonFromWebview): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi(): VsCodeApi<Message, unknown>;

let acquired: VsCodeApi<Message, unknown> | undefined;

/**
 * The page's one API object. Typed by the caller: the host validates every message against the
 * panel's protocol, so a wrong type here is caught there as well as by the compiler.
 */
export function getVsCodeApi<From extends Message = CommonFromWebview, State = unknown>(): VsCodeApi<From, State> {
  acquired ??= acquireVsCodeApi();
  return acquired as VsCodeApi<From, State>;
}

export const VsCodeContext = createContext<VsCodeApi<Message, unknown> | null>(null);

/** The API provided by the panel's entry; `From`/`State` name the panel's protocol. */
export function useVsCode<From extends Message = CommonFromWebview, State = unknown>(): VsCodeApi<From, State> {
  const api = useContext(VsCodeContext);
  if (!api) throw new Error('VsCodeContext is not provided');
  return api as VsCodeApi<From, State>;
}

/**
 * One field of the panel's persisted view state (VS Code keeps it while the panel is hidden and
 * across reloads), as a preact state: writes merge into the stored object.
 */
export function usePersistedState<State extends object, K extends keyof State>(key: K, initial: State[K]): [State[K], (value: State[K]) => void] {
  const vscode = useVsCode<CommonFromWebview, State>();
  const [value, setValue] = useState<State[K]>(() => vscode.getState()?.[key] ?? initial);
  const update = useCallback(
    (next: State[K]) => {
      setValue(next);
      vscode.setState({ ...vscode.getState(), [key]: next } as State);
    },
    [vscode, key],
  );
  return [value, update];
}
