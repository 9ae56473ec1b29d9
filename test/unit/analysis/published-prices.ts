/** Model prices as the providers publish them, written by hand for the pricing tests. */

/** USD per million tokens, from the providers' published price lists. */
export const PUBLISHED = {
  'gpt-4o-mini': { input: 0.15, cacheRead: 0.075, output: 0.6 },
  'gpt-4o': { input: 2.5, cacheRead: 1.25, output: 10 },
  'o4-mini': { input: 1.1, cacheRead: 0.275, output: 4.4 },
  'claude-3-5-haiku': { input: 0.8, cacheWrite: 1.0, cacheRead: 0.08, output: 4 },
  'claude-3-7-sonnet': { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  'claude-sonnet-4': { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  'gemini-2.5-flash': { input: 0.3, cacheRead: 0.03, output: 2.5 },
  'gemini-2.0-flash': { input: 0.1, cacheRead: 0.025, output: 0.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
} as const;

