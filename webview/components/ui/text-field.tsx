export interface TextFieldProps {
  value: string;
  onValue: (value: string) => void;
  placeholder?: string;
  'aria-label'?: string;
  onKeyDown?: (e: KeyboardEvent) => void;
  class?: string;
}

/** A themed text input (see button.tsx for why these are plain elements). */
export function TextField({ value, onValue, placeholder, onKeyDown, class: cls, ...aria }: TextFieldProps) {
  return (
    <input
      type="text"
      class={`tl-text-field ${cls ?? ''}`}
      value={value}
      placeholder={placeholder}
      aria-label={aria['aria-label']}
      onInput={(e) => onValue(e.currentTarget.value)}
      onKeyDown={onKeyDown}
      spellcheck={false}
    />
  );
}
