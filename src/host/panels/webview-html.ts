/**
 * The one HTML shell every Tracelight webview uses: a strict Content-Security-Policy, scripts only
 * with a per-load nonce, styles from the extension (plus the nonce), images and fonts from the
 * webview's own resource origin. No data is ever interpolated here: the page starts empty and the
 * app receives everything through messages. No `vscode` import, so tests render the same shell.
 */
import { randomBytes } from 'node:crypto';

export interface WebviewHtmlOptions {
  /** `webview.cspSource`: the origin the webview serves extension resources from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** Static page title (never telemetry: it lands in HTML). */
  title: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64url');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function renderWebviewHtml(o: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9_-]+$/.test(o.nonce)) throw new Error('nonce must be base64url');
  const nonce = escapeAttr(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.styleUris.map((uri) => `<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(uri)}">`).join('\n')}
<title>${escapeAttr(o.title)}</title>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
