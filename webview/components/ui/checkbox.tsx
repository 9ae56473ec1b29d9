import type { ComponentChildren } from 'preact';

export interface CheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  children?: ComponentChildren;
  title?: string;
}

/** A themed checkbox with its label (see button.tsx for why these are plain elements). */
export function Checkbox({ checked, onChange, children, title }: CheckboxProps) {
  return (
    <label class="tl-checkbox" title={title}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <span>{children}</span>
    </label>
  );
}
