/**
 * Pages in a real browser for the dashboard's tests: Debian's Chromium (CHROMIUM_PATH to use
 * another), driven by playwright-core, with every console error and uncaught exception a page
 * reports collected, and a chart's drawn marks counted.
 */
import { type Browser, chromium, type Page } from 'playwright-core';

export type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium; close it after the tests. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM });
}

/** A fresh page of that size, and the errors it reports (to be empty at the end). */
export async function openPage(
  browser: Browser,
  width: number,
  height: number,
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/**
 * The filled shapes ECharts' SVG renderer drew in the chart with element id `id` (bars, cells,
 * symbols; axes and grid lines are strokes only), once it has drawn.
 */
export async function chartMarks(page: Page, id: string): Promise<number> {
  await page.waitForSelector(`#${id} svg`, { state: 'attached' });
  return page
    .locator(`#${id} svg path`)
    .evaluateAll((paths) => paths.filter((path) => (path.getAttribute('fill') ?? 'none') !== 'none').length);
}

/** The text of every label the chart `id` drew, joined. */
export async function chartText(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id} svg text`).allTextContents()).join(' | ');
}
