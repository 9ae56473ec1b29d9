import { useState } from 'preact/hooks';
import { useVsCode } from '../../shared/vscode-api';
import { MAX_COPY_CHARS } from '../../../src/protocol/limits';
import { formatBytes } from '../../../src/analysis/format';
import { Button } from './button';

/**
 * Copies through the host (VS Code's clipboard), which works whatever the webview's focus. A text
 * over the host's copy limit is not sent: the button says it is too large rather than "Copied".
 */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const vscode = useVsCode();
  const [state, setState] = useState<'idle' | 'copied' | 'too-large'>('idle');
  const tooLarge = text.length > MAX_COPY_CHARS;
  return (
    <Button
      variant="icon"
      class={`tl-copy${state === 'too-large' ? ' tl-copy-refused' : ''}`}
      title={tooLarge ? `${label}: too large to copy (${formatBytes(text.length)}; the limit is ${formatBytes(MAX_COPY_CHARS)})` : label}
      aria-label={label}
      onClick={(e) => {
        e.stopPropagation();
        if (tooLarge) {
          setState('too-large');
        } else {
          vscode.postMessage({ type: 'copy', text });
          setState('copied');
        }
        setTimeout(() => setState('idle'), tooLarge ? 4000 : 1200);
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'too-large' ? 'Too large to copy' : 'Copy'}
    </Button>
  );
}
