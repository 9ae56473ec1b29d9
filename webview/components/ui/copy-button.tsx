import { useState } from 'preact/hooks';
import { useVsCode } from '../../shared/vscode-api';
import { Button } from './button';

/** Copies through the host (VS Code's clipboard), which works whatever the webview's focus. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const vscode = useVsCode();
  const [done, setDone] = useState(false);
  return (
    <Button
      variant="icon"
      class="tl-copy"
      title={label}
      aria-label={label}
      onClick={(e) => {
        e.stopPropagation();
        vscode.postMessage({ type: 'copy', text });
        setDone(true);
        setTimeout(() => setDone(false), 1200);
      }}
    >
      {done ? 'Copied' : 'Copy'}
    </Button>
  );
}
