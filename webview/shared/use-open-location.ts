/**
 * The callback shared components take for a clicked `file:line` (stack frames, code locations): it
 * asks the host, which opens the file only when it lies inside the workspace. Every panel's host
 * answers `openLocation` (a common panel message).
 */
import { useCallback } from 'preact/hooks';
import { useVsCode } from './vscode-api';

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export function useOpenLocation(): (at: Location) => void {
  const vscode = useVsCode();
  return useCallback(
    (at: Location) => vscode.postMessage({ type: 'openLocation', file: at.file, ...(at.line ? { line: at.line } : {}), ...(at.column ? { column: at.column } : {}) }),
    [vscode],
  );
}
