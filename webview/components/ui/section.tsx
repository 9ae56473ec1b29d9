import type { ComponentChildren } from 'preact';

/** A collapsible detail section: native <details>, so it is keyboard- and screen-reader-friendly. */
export function Section({ title, open = true, children, extra }: { title: string; open?: boolean; children: ComponentChildren; extra?: ComponentChildren }) {
  return (
    <details class="tl-section" open={open}>
      <summary>
        <span class="tl-section-title">{title}</span>
        {extra}
      </summary>
      <div class="tl-section-body">{children}</div>
    </details>
  );
}
