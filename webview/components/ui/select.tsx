export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps {
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  label: string;
}

/** A themed drop-down (see button.tsx for why these are plain elements). */
export function Select({ value, options, onChange, label }: SelectProps) {
  return (
    <select class="tl-select" aria-label={label} title={label} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
