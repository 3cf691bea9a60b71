// `npm run demo` keeps its promise: on a small simulated year it shows every tier, tier
// changes both ways, churn-risk changes, every dead letter with its reason, the analysts'
// reports, the CLV model against its hold-out, and a live purchase acted on. At its end (where
// `--dashboard` serves it) every page of the dashboard loads in Chromium over the run, with
// drawn charts and the pipeline's freshness, leaving screenshots under
// services/dashboard/screenshots/demo-*.png; then the run leaves nothing behind.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDashboard } from '@loyalty/dashboard';
import { createLogger } from '@loyalty/runtime';
import { type Browser, chartMarks, launchChromium, openPage } from '@loyalty/testkit/browser';
import { connectKafka } from '@loyalty/testkit/servers';
import { describe, expect, it } from 'vitest';
import { DemoOptionsSchema } from '../demo/demo-options.js';
import type { PipelineNames } from '../demo/fresh-pipeline.js';
import { silentReporter } from '../demo/progress.js';
import { runDemo } from '../demo/run-demo.js';
import { runDashboardConfig } from '../demo/serve-dashboard.js';
import { REPO_ROOT } from '../demo/service-process.js';

const SCREENSHOTS = join(REPO_ROOT, 'services', 'dashboard', 'screenshots');

/** Opens every page over the run, checks it and leaves its screenshot; returns each page's server time. */
async function visitDashboard(names: PipelineNames): Promise<Record<string, string>> {
  const config = runDashboardConfig(names, 0);
  const dashboard = await serveDashboard(config, createLogger('dashboard', 'silent'));
  let browser: Browser | undefined;
  const serverTimes: Record<string, string> = {};
  try {
    browser = await launchChromium();
    await mkdir(SCREENSHOTS, { recursive: true });
    const { page, errors } = await openPage(browser, 1400, 1200);
    const visit = async (name: string, path: string) => {
      const response = await page.goto(`http://127.0.0.1:${dashboard.port}${path}`);
      expect(response?.status(), path).toBe(200);
      serverTimes[name] = (await response?.headerValue('server-timing')) ?? '';
      const charts = await page.locator('.chart').evaluateAll((elements) => elements.map((e) => e.id));
      expect(charts.length, path).toBeGreaterThan(0);
      for (const id of charts) expect(await chartMarks(page, id), `${path} #${id}`).toBeGreaterThan(0);
      await page.screenshot({ path: join(SCREENSHOTS, `demo-${name}.png`), fullPage: true });
    };
    await visit('overview', '/');
    // Every shard has a watermark, and both services read everything before they stopped.
    const shards = await page
      .locator('#freshness tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
      );
    expect(shards).toHaveLength(config.LOYALTY_TOPIC_PARTITIONS);
    for (const [shard, watermark, , , aggregatorLag, sinkLag] of shards) {
      expect(watermark, `shard ${shard}`).toMatch(/UTC$/);
      expect([aggregatorLag, sinkLag], `shard ${shard}`).toEqual(['0', '0']);
    }
    await visit('analysts', '/analysts');
    await visit('win-back', '/win-back');
    const customer = await page.locator('table a').first().getAttribute('href');
    await visit('model', '/model');
    expect(customer).toMatch(/^\/customer\?id=/);
    await visit('customer', customer ?? '');
    expect(errors).toEqual([]);
  } finally {
    await browser?.close();
    await dashboard.close();
  }
  return serverTimes;
}

describe('the demo', () => {
  it('shows what the pipeline made of a simulated year, then removes its data', {
    timeout: 120_000,
  }, async () => {
    const options = DemoOptionsSchema.parse({ customers: 300, months: 12, seed: 42 });
    let serverTimes: Record<string, string> = {};
    const summary = await runDemo(options, silentReporter, undefined, async (_, names) => {
      serverTimes = await visitDashboard(names);
    });
    console.info('dashboard server time per page over the demo run', serverTimes);
    expect(Object.keys(serverTimes)).toEqual(['overview', 'analysts', 'win-back', 'model', 'customer']);

    // The live purchase lifts one customer to platinum; the simulated traffic must have made others.
    const { tiers } = summary.profiles;
    const liveTopTier = summary.live?.tierAfter === 'platinum' ? 1 : 0;
    expect(tiers.lead).toBeGreaterThan(0);
    expect(tiers.iron).toBeGreaterThan(0);
    expect(tiers.gold).toBeGreaterThan(0);
    expect(tiers.platinum).toBeGreaterThan(liveTopTier);

    const { tierChanges, churnChanges, deadLetters } = summary.outputs;
    expect(tierChanges.latestUpgrades.length).toBeGreaterThan(0);
    expect(tierChanges.latestDowngrades.length).toBeGreaterThan(0);
    expect(tierChanges.latestDowngrades.every((c) => c.direction === 'downgrade')).toBe(true);
    expect(churnChanges.latest.length).toBeGreaterThan(0);
    expect(Object.keys(churnChanges.byTransition).some((key) => !key.startsWith('none->'))).toBe(true);

    // Every malformed message the simulator sent landed in ClickHouse with the reason it was built to trigger.
    expect(summary.workload.byKind.malformed).toBeGreaterThan(0);
    expect(deadLetters.byReason).toEqual(summary.workload.byDefect);

    expect(summary.live).toMatchObject({ tierAfter: 'platinum' });

    const { pareto, rfmSegments, basketPairs } = summary.reports;
    expect(pareto.customers).toBeGreaterThan(0);
    expect(pareto.top20Share).toBeGreaterThan(0.2);
    expect(rfmSegments.length).toBeGreaterThan(0);
    expect(basketPairs.length).toBeGreaterThan(0);
    // The simulator's win-back experiments: lapsed customers in control never buy again.
    expect(summary.reports.winBack.treated).toBeGreaterThan(0);
    expect(summary.reports.winBack.controlConversion).toBe(0);
    expect(summary.reports.serviceRecovery.map((r) => r.windowDays)).toEqual([90, 180]);
    // The simulator's wallet estimates give shares in every band, for part of the buyers.
    const { shareOfWallet } = summary.reports;
    expect(shareOfWallet.rows.map((r) => [r.group, r.customers > 0])).toEqual([
      ['all customers', true],
      ['low', true],
      ['medium', true],
      ['high', true],
    ]);
    expect(shareOfWallet.coverage.estimated).toBeGreaterThan(0);
    expect(shareOfWallet.coverage.estimated).toBeLessThan(shareOfWallet.coverage.buyers);
    // The aggregator announced pyramid levels at the monthly epochs, platinum among them.
    const { pyramidChanges } = summary.outputs;
    expect(pyramidChanges.epochs).toBeGreaterThan(1);
    expect(pyramidChanges.latestLevels.platinum).toBeGreaterThan(0);
    // The exact value pyramid ranks every customer of the history, and the fixed thresholds
    // disagree with it for some of them.
    const { valuePyramid } = summary.reports;
    expect(valuePyramid.levels.map((l) => l.level)).toEqual(['platinum', 'gold', 'iron', 'lead']);
    expect(valuePyramid.levels.reduce((sum, l) => sum + l.customers, 0)).toBe(
      summary.pyramidSketch.historyCustomers,
    );
    expect(valuePyramid.underServed + valuePyramid.overServed).toBeGreaterThan(0);
    // The aggregator's live sketch counts the history's customers, and its cut-offs sit where
    // exact ranks put the levels, give or take the customers of a 0.5 % bucket.
    const sketch = summary.pyramidSketch;
    expect(sketch.sketchCustomers).toBe(sketch.historyCustomers);
    expect(sketch.levels.map((l) => l.level)).toEqual(['platinum', 'gold', 'iron']);
    for (const level of sketch.levels) expect(level.rankError).toBeLessThan(0.02);
    // The model is fitted with a hold-out, and its forecast of the hold-out is in the right range.
    const { clvModel } = summary.reports;
    expect(clvModel).toMatchObject({ fitted: true });
    if (clvModel.fitted) {
      expect(clvModel.actualRepeats).toBeGreaterThan(0);
      expect(clvModel.predictedRepeats / clvModel.actualRepeats).toBeGreaterThan(0.5);
      expect(clvModel.predictedRepeats / clvModel.actualRepeats).toBeLessThan(2);
    }

    const kafka = await connectKafka();
    const admin = kafka.admin();
    await admin.connect();
    const leftOver = (await admin.listTopics()).filter((topic) =>
      topic.startsWith(summary.run.topicNamespace),
    );
    await admin.disconnect();
    expect(leftOver).toEqual([]);
  });
});
