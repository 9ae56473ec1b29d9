/** Small page helpers shared by the webview tests (driving the panel as a user would). */
import type { Page } from 'playwright-core';

/** Clicks the tree row whose name is exactly `name` (the `nth` one when names repeat). */
const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

export async function clickRow(page: Page, name: string, nth = 0): Promise<void> {
  await page.locator('.tl-row', { has: page.locator('.tl-span-name', { hasText: exactly(name) }) }).nth(nth).click();
}

export async function selectedRowName(page: Page): Promise<string | null> {
  return page.locator('.tl-row[aria-selected="true"] .tl-span-name').textContent({ timeout: 5000 }).catch(() => null);
}

/** Waits until the detail pane shows the span `name`. */
export async function waitForDetail(page: Page, name: string): Promise<void> {
  await page.locator('.tl-detail-title', { hasText: exactly(name) }).waitFor({ timeout: 10_000 });
}

export async function detailText(page: Page): Promise<string> {
  return (await page.locator('.tl-detail').innerText()).replace(/\s+/g, ' ');
}

/** Bounded polling for a condition in Node (no timed assertion: only a generous deadline). */
export async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
