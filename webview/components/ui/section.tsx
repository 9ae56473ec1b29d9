import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/**
 * A collapsible detail section: native <details>, so it is keyboard- and screen-reader-friendly.
 * Closed sections render their body only once opened (a span's raw JSON can be megabytes).
 */
export function Section({ title, open = true, children, extra }: { title: string; open?: boolean; children: ComponentChildren; extra?: ComponentChildren }) {
  const [opened, setOpened] = useState(open);
  return (
    <details class="tl-section" open={open} onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>
        <span class="tl-section-title">{title}</span>
        {extra}
      </summary>
      {opened && <div class="tl-section-body">{children}</div>}
    </details>
  );
}
