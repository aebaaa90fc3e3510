import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Opens docs/report-example.html in Debian's Chromium (never a downloaded browser) as a reader would: every chart
 * drawn, the headline numbers and the "not enough data" state on screen, no console error, and not one request but
 * the file itself. Saves docs/report-example.png. `.ci/run` installs chromium; locally the test skips without it.
 */
const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`report browser test skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

const page = new URL('../../../docs/report-example.html', import.meta.url);
const screenshot = fileURLToPath(new URL('../../../docs/report-example.png', import.meta.url));

describe.skipIf(!available)('the example report in a headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows every chart, the headline numbers and "not enough data", with no console error and no request', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const tab = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    const self = pathToFileURL(fileURLToPath(page)).href;
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === self) return route.continue();
      requests.push(url);
      return route.abort();
    });
    tab.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    tab.on('pageerror', (error) => problems.push(error.message));
    tab.on('requestfailed', (request) => {
      if (request.url() !== self) requests.push(request.url());
    });

    await tab.goto(self, { waitUntil: 'load' });

    for (const chart of ['funnel', 'suppression', 'sends', 'forest', 'revenue', 'histogram']) {
      const svg = tab.locator(`svg[data-chart="${chart}"]`).first();
      const box = await svg.boundingBox();
      expect(box?.width, chart).toBeGreaterThan(200);
      expect(box?.height, chart).toBeGreaterThan(80);
      expect(await svg.locator('rect, polygon, polyline, line').count(), chart).toBeGreaterThan(3);
    }
    expect(await tab.locator('svg[data-chart="funnel"]').count()).toBe(4);
    expect(await tab.locator('[data-headline="sent"] .number').innerText()).toBe('18,765');
    expect(await tab.locator('[data-headline="attributed-revenue"] .number').innerText()).toBe('$91,990');
    const weak = tab.locator('.forest-row[data-verdict="not_enough_data"]');
    await expect.poll(() => weak.isVisible()).toBe(true);
    expect(await weak.textContent()).toContain('not enough data');
    expect(await tab.locator('.verdict-not_enough_data').first().isVisible()).toBe(true);

    await tab.screenshot({ path: screenshot, fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await context.close();
  });
});
