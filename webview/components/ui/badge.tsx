import type { ComponentChildren } from 'preact';

/** A small label; `tone` picks theme colours (see button.tsx for why these are plain elements). */
export function Badge({ tone = 'neutral', children, title }: { tone?: 'neutral' | 'error' | 'ok' | 'warning' | 'kind'; children: ComponentChildren; title?: string }) {
  return (
    <span class={`tl-badge tl-badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
