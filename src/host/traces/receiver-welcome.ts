/**
 * What the Traces view says about the receiver. The welcome texts in package.json cannot hold a
 * port, so they are chosen by state (context key `tracelight.receiverState`) and the live endpoint
 * goes in the view's title: VS Code shows a view's title even when Traces is the only view in its
 * container and the container's header replaces the view's (its description is hidden then).
 * Pure: no `vscode`.
 */
import type { ReceiverState } from '../../protocol/engine-api';
import { endpointUrl } from '../otel-environment';

export const TRACES_VIEW_NAME = 'Traces';

/** One welcome text per value (package.json `viewsWelcome`). */
export type ReceiverWelcome = 'listening' | 'portBusy' | 'failed' | 'stopped';

export function receiverWelcome(state: ReceiverState): ReceiverWelcome {
  if (state.error) return 'failed';
  if (!state.running || !state.http) return 'stopped';
  const { port, requestedPort } = state.http;
  return requestedPort !== undefined && requestedPort !== port ? 'portBusy' : 'listening';
}

/**
 * "Traces :4319" while listening on 127.0.0.1 (the port as the status bar writes it), "Traces
 * [::1]:4319" on another address. Short, because the side bar's header already starts with
 * "Tracelight: " and has the view's actions beside it: at the default width, in a wide Linux
 * font, "Tracelight: Traces · 127.0.0.1:4319" and even "Tracelight: Traces · :43190" are cut off
 * before the port.
 */
export function tracesViewTitle(state: ReceiverState): string {
  if (!state.running || !state.http || state.error) return TRACES_VIEW_NAME;
  const hostAndPort = endpointUrl(state.http).replace(/^http:\/\//, '');
  return `${TRACES_VIEW_NAME} ${hostAndPort.replace(/^127\.0\.0\.1(?=:)/, '')}`;
}
