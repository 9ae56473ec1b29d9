/**
 * Themed controls. These wrap plain HTML elements styled with VS Code's theme variables rather than
 * @vscode/webview-ui-toolkit's web components: the toolkit is archived upstream, and its
 * shadow-DOM components cost too much per row in a virtualized 50,000-row tree. Keeping every
 * control behind this folder means a later move to another component library touches only here.
 */
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'icon' | 'link';
  children?: ComponentChildren;
}

export function Button({ variant = 'secondary', class: cls, className, children, ...rest }: ButtonProps) {
  return (
    <button type="button" class={`tl-button tl-button-${variant} ${cls ?? className ?? ''}`} {...rest}>
      {children}
    </button>
  );
}
