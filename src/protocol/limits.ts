/** Limits both sides of a panel's message channel agree on. */

/** Largest text the host copies to the clipboard for a webview (characters). The webview says
 * plainly when a value is larger instead of claiming it was copied. */
export const MAX_COPY_CHARS = 10 * 1024 * 1024;
