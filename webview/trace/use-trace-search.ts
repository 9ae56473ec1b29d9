/**
 * Search within the trace. Names match at once, in the webview; the host searches attributes and
 * content of every span (debounced), and again whenever the trace changes. Matches are ordered as
 * the tree shows them, for next/previous.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { PanelTree } from './model/visible-rows';

const SEARCH_DEBOUNCE_MS = 200;

export interface HostSearchResult {
  query: string;
  spanIds: ReadonlySet<string>;
}

export function useTraceSearch(query: string, tree: PanelTree, traceVersion: number | undefined, hostResult: HostSearchResult | null, requestSearch: (query: string) => void) {
  useEffect(() => {
    if (!query.trim()) return;
    const timer = setTimeout(() => requestSearch(query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, traceVersion]);

  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const set = new Set<string>();
    if (!needle) return set;
    for (const n of tree.rows) if (n.span.name.toLowerCase().includes(needle)) set.add(n.span.spanId);
    if (hostResult && hostResult.query === query) for (const id of hostResult.spanIds) set.add(id);
    return set;
  }, [query, tree, hostResult]);

  const orderedMatches = useMemo(() => tree.rows.filter((n) => matches.has(n.span.spanId)).map((n) => n.span.spanId), [tree, matches]);
  const searching = !!query.trim() && hostResult?.query !== query;
  return { matches, orderedMatches, searching };
}
