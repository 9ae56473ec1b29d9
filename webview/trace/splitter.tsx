/** A draggable (and keyboard-operable) divider that sets a fraction of its container's width. */
import { useRef } from 'preact/hooks';

export interface SplitterProps {
  value: number;
  onChange: (fraction: number) => void;
  label: string;
  /** The element whose width the fraction refers to. */
  container: () => HTMLElement | null;
  class?: string;
}

const clamp = (v: number) => Math.min(0.8, Math.max(0.2, v));

export function Splitter({ value, onChange, label, container, class: cls }: SplitterProps) {
  const dragging = useRef(false);
  return (
    <div
      class={`tl-splitter ${cls ?? ''}`}
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuemin={20}
      aria-valuemax={80}
      aria-valuenow={Math.round(value * 100)}
      tabIndex={0}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        const box = container()?.getBoundingClientRect();
        if (!dragging.current || !box || box.width <= 0) return;
        onChange(clamp((e.clientX - box.left) / box.width));
      }}
      onPointerUp={(e) => {
        dragging.current = false;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft') onChange(clamp(value - 0.02));
        else if (e.key === 'ArrowRight') onChange(clamp(value + 0.02));
        else return;
        e.preventDefault();
      }}
    />
  );
}
