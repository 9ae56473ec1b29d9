/**
 * Search within the trace. Names match at once, in the webview; the host searches attributes and
 * content of every span (debounced), and again whenever the trace changes. Matches are ordered as
 * the tree shows them, for next/previous.
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { SpanTree } from './model/span-tree';

const SEARCH_DEBOUNCE_MS = 200;

export interface HostSearchResult {
  query: string;
  spanIds: ReadonlySet<string>;
}

export function useTraceSearch(query: string, tree: SpanTree, traceVersion: number | undefined, hostResult: HostSearchResult | null, requestSearch: (query: string) => void) {
  useEffect(() => {
    if (!query.trim()) return;
    const timer = setTimeout(() => requestSearch(query), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, traceVersion]);

  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const set = new Set<string>();
    if (!needle) return set;
    for (const n of tree.nodes) if (n.row.name.toLowerCase().includes(needle)) set.add(n.row.spanId);
    if (hostResult && hostResult.query === query) for (const id of hostResult.spanIds) set.add(id);
    return set;
  }, [query, tree, hostResult]);

  const orderedMatches = useMemo(() => tree.nodes.filter((n) => matches.has(n.row.spanId)).map((n) => n.row.spanId), [tree, matches]);
  const searching = !!query.trim() && hostResult?.query !== query;
  return { matches, orderedMatches, searching };
}
