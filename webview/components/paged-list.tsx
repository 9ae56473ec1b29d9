/**
 * A list shown a page at a time: a span with 10,000 events made 200,000 DOM nodes when its
 * Events section opened. The first page renders at once; "Show more" adds the next.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Button } from './ui/button';

export function PagedList<T>({ items, render, noun, pageSize = 100, class: className }: {
  items: readonly T[];
  render: (item: T, index: number) => ComponentChildren;
  noun: string;
  pageSize?: number;
  class?: string;
}) {
  const [pages, setPages] = useState(1);
  const shown = Math.min(items.length, pages * pageSize);
  return (
    <>
      <ol class={className}>
        {items.slice(0, shown).map((item, i) => <li key={i}>{render(item, i)}</li>)}
      </ol>
      {shown < items.length && (
        <Button variant="link" class="tl-show-more" onClick={() => setPages(pages + 1)}>
          Show {Math.min(pageSize, items.length - shown)} more of {items.length.toLocaleString('en-US')} {noun}
        </Button>
      )}
    </>
  );
}
