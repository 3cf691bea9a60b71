// Every page in a real browser (Debian's Chromium, driven by playwright-core) over a fresh
// ClickHouse database on the local stack, with a history worked out by hand: each loads
// without console errors, every chart draws its marks with the figures of the history, and a
// screenshot is written under services/dashboard/screenshots/ (git-ignored) for people to look
// at. infra/test/demo.test.ts opens them over a demo run, with the pipeline's freshness.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClickHouseClient } from '@clickhouse/client';
import {
  type ChurnSignalRow,
  type DeadLetterRow,
  insertRows,
  migrate,
  openDatabase,
  type PurchaseLineRow,
  type PurchaseRow,
  quoteIdentifier,
  recordModelFit,
  type StageChangeRow,
  TABLES,
  type TierChangeRow,
} from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { uniqueName } from '@loyalty/testkit';
import { type Browser, chartMarks, chartText, launchChromium, openPage } from '@loyalty/testkit/browser';
import { connectClickHouse } from '@loyalty/testkit/servers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, loadDashboardConfig, serveDashboard, startDashboard } from '../src/index.js';

const SCREENSHOTS = fileURLToPath(new URL('../screenshots/', import.meta.url));

const change = (customer: string, day: string) => ({
  event_id: `${customer}-${day}`,
  customer_id: customer,
  occurred_at: `${day} 12:00:00`,
  correction: 0 as const,
});

function sale(customer: string, day: string, totalMinor: number): PurchaseRow {
  return {
    event_id: `p-${customer}-${day}`,
    customer_id: customer,
    occurred_at: `${day} 10:00:00`,
    source: 'pos',
    order_id: `o-${customer}-${day}`,
    kind: 'sale',
    return_of_order_id: null,
    channel: 'pos',
    store_id: null,
    currency: 'EUR',
    total_minor: totalMinor,
    discount_minor: 0,
    net_minor: totalMinor,
    line_count: 1,
  };
}

function lines(customer: string, day: string, categories: readonly string[]): PurchaseLineRow[] {
  return categories.map((category, i) => ({
    event_id: `p-${customer}-${day}`,
    customer_id: customer,
    occurred_at: `${day} 10:00:00`,
    order_id: `o-${customer}-${day}`,
    kind: 'sale',
    line_no: i,
    sku: `${category}-1`,
    category,
    quantity: 1,
    unit_price_minor: 1_000,
  }));
}

function tier(customer: string, day: string, next: string, previous: string | null = null): TierChangeRow {
  return {
    ...change(customer, day),
    previous_tier: previous,
    new_tier: next,
    direction: previous === null ? 'initial' : 'upgrade',
    reason: 'qualifying_spend',
    qualifying_spend_minor: 0,
    currency: 'EUR',
  };
}

function stage(customer: string, day: string, next: string, previous: string | null): StageChangeRow {
  return { ...change(customer, day), previous_stage: previous, new_stage: next, reason: 'test' };
}

function churn(customer: string, day: string, level: string): ChurnSignalRow {
  return {
    ...change(customer, day),
    previous_level: null,
    new_level: level,
    score: 0.5,
    p_alive: 0.5,
    drivers: [],
    expected_purchases_90d: null,
    clv: null,
  };
}

function deadLetter(offset: number, reason: string): DeadLetterRow {
  return {
    source_topic: 'loyalty.purchases.v1',
    source_partition: 0,
    source_offset: String(offset),
    source_timestamp: '2026-02-01 09:00:00',
    reason,
    message: `bad: ${reason}`,
    message_key: null,
    raw_payload: '{',
    payload_encoding: 'utf8',
    rejected_at: '2026-02-01 09:00:01',
  };
}

describe('the dashboard', () => {
  let client: ClickHouseClient;
  let database: string;
  let dashboard: Dashboard;
  let browser: Browser;

  beforeAll(async () => {
    await (await connectClickHouse()).close();
    database = uniqueName('dashboard', '_');
    client = await openDatabase({ ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: database });
    await migrate(client);
    await insertRows(client, TABLES.purchases, [
      sale('ann', '2026-01-10', 250_000),
      sale('bob', '2026-01-12', 40_000),
      sale('cem', '2026-02-03', 9_000),
      sale('dee', '2026-02-04', 3_000),
      sale('ann', '2026-02-20', 60_000),
    ]);
    await insertRows(client, TABLES.purchaseLines, [
      ...lines('ann', '2026-01-10', ['books', 'music']),
      ...lines('bob', '2026-01-12', ['books', 'music']),
      ...lines('cem', '2026-02-03', ['books', 'games']),
      ...lines('dee', '2026-02-04', ['music']),
      ...lines('ann', '2026-02-20', ['games', 'music']),
    ]);
    await insertRows(client, TABLES.tierChanges, [
      tier('ann', '2026-01-10', 'iron'),
      tier('ann', '2026-01-11', 'gold', 'iron'),
      tier('bob', '2026-01-12', 'iron'),
      tier('cem', '2026-02-03', 'lead'),
      tier('dee', '2026-02-04', 'lead'),
    ]);
    await insertRows(client, TABLES.stageChanges, [
      stage('ann', '2026-01-10', 'first_time', null),
      stage('ann', '2026-02-20', 'repeat', 'first_time'),
      stage('bob', '2026-01-12', 'first_time', null),
    ]);
    await insertRows(client, TABLES.churnSignals, [
      churn('ann', '2026-01-10', 'low'),
      churn('bob', '2026-01-12', 'medium'),
      churn('cem', '2026-02-03', 'high'),
    ]);
    await insertRows(client, TABLES.deadLetters, [
      deadLetter(1, 'invalid_json'),
      deadLetter(2, 'invalid_json'),
      deadLetter(3, 'schema_violation'),
    ]);
    dashboard = await startDashboard({
      port: 0,
      host: '127.0.0.1',
      clickhouse: { ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: database },
      currency: 'EUR',
      log: pino({ level: 'silent' }),
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await client?.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
    await client?.close();
  });

  it("draws every chart with the history's figures, without console errors, and leaves a screenshot", async () => {
    const { page, errors } = await openPage(browser, 1400, 900);
    const response = await page.goto(`http://127.0.0.1:${dashboard.port}/?from=2026-01-01&to=2026-02-28`);
    expect(response?.status()).toBe(200);
    for (const id of [
      'pyramid',
      'value-pyramid',
      'ladder',
      'ladder-flows',
      'churn-trend',
      'churn',
      'dead-letters',
    ]) {
      expect(await chartMarks(page, id), id).toBeGreaterThan(0);
    }
    const labels = (id: string) => chartText(page, id);
    expect(await labels('ladder-flows')).toContain('first_time -> repeat');
    expect(await page.locator('h2').allTextContents()).toContain(
      'Value pyramid (by 365-day net spend) against the service tiers',
    );
    expect(await labels('value-pyramid')).toContain('platinum');
    expect(await labels('pyramid')).toContain('1 customers, 3,100 EUR net revenue');
    expect(await labels('pyramid')).toContain('2 customers, 120 EUR net revenue');
    expect(await labels('churn')).toMatch(/high/);
    expect(await labels('dead-letters')).toContain('invalid_json');
    expect(await page.locator('h2').allTextContents()).toContain('Churn risk at the end of 2026-02');
    // Without a pipeline to ask, freshness is the history's own.
    expect(await page.locator('#freshness').textContent()).toContain('latest event 2026-02-20 10:00:00 UTC');
    expect(errors).toEqual([]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'overview.png'), fullPage: true });
  });

  it("draws the analysts' charts, reached by the navigation, and leaves a screenshot", async () => {
    const { page, errors } = await openPage(browser, 1400, 1300);
    await page.goto(`http://127.0.0.1:${dashboard.port}/?from=2026-01-01&to=2026-02-28`);
    await page.click('nav a:has-text("Analysts")');
    // The link keeps the chosen range.
    await page.waitForURL(/\/analysts\?from=2026-01-01&to=2026-02-28$/);
    expect(await page.locator('input[name="from"]').inputValue()).toBe('2026-01-01');
    for (const id of ['pareto', 'rfm', 'cohorts', 'basket', 'tier-flows']) {
      await page.waitForSelector(`#${id} svg`, { state: 'attached' });
      const texts = (await page.locator(`#${id} svg text`).allTextContents()).join(' | ');
      expect(texts.length, id).toBeGreaterThan(0);
    }
    const labels = (id: string) => chartText(page, id);
    // books and music are bought together in two of five orders.
    expect(await labels('basket')).toMatch(/books -> music|music -> books/);
    expect(await labels('tier-flows')).toContain('iron -> gold');
    expect(errors).toEqual([]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'analysts.png'), fullPage: true });
  });

  it("lists the customers to win back, exports them as CSV, and opens a customer's story", async () => {
    const { page, errors } = await openPage(browser, 1400, 1000);
    await page.goto(`http://127.0.0.1:${dashboard.port}/win-back?to=2026-02-28`);
    await page.waitForSelector('#drivers svg', { state: 'attached' });
    // cem is the one customer whose last churn level is high.
    expect(await page.locator('table tbody tr').count()).toBe(1);
    expect(await page.locator('table tbody tr td').first().textContent()).toBe('cem');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'win-back.png'), fullPage: true });
    const csv = await (await fetch(`http://127.0.0.1:${dashboard.port}/win-back.csv?to=2026-02-28`)).text();
    expect(csv).toBe(
      'customer_id,high_since,drivers,clv,expected_purchases_90d\r\ncem,2026-02-03 12:00:00,,,\r\n',
    );
    await page.click('table a:has-text("cem")');
    // The link keeps the range.
    await page.waitForURL(/\/customer\?id=cem&to=2026-02-28$/);
    await page.waitForSelector('#spend svg', { state: 'attached' });
    const story = await page.locator('table tbody tr').allTextContents();
    expect(story.join(' | ')).toContain('tier none -> lead');
    expect(story.join(' | ')).toContain('churn risk none -> high');
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'customer.png'), fullPage: true });
    expect((await page.goto(`http://127.0.0.1:${dashboard.port}/customer?id=nobody`))?.status()).toBe(404);
  });

  it("shows the latest CLV fit with its calibration plots over the hold-out, and the fits' history", async () => {
    const { page, errors } = await openPage(browser, 1400, 1100);
    await page.goto(`http://127.0.0.1:${dashboard.port}/model`);
    expect(await page.locator('.lead').textContent()).toContain('No CLV model has been fitted');
    const fit = {
      bgnbd: { r: 0.25, alpha: 4.5, a: 0.8, b: 2.5 },
      gammaGamma: { p: 6, q: 3.5, gamma: 15 },
      cutoff: '2026-01-31',
      sampleSize: 2,
      logLikelihood: -10,
      repeatSampleSize: 1,
      gammaGammaLogLikelihood: -5,
    };
    await recordModelFit(client, { ...fit, fittedAt: '2026-02-01T06:00:00.000Z' });
    await recordModelFit(client, { ...fit, fittedAt: '2026-02-08T06:00:00.000Z', cutoff: '2026-02-07' });
    await page.click('nav a:has-text("CLV model")');
    // ann and bob bought first by 2026-01-31 (cem and dee later); ann came back on 2026-02-20,
    // the last sale, which ends the hold-out after the latest fit's cut-off, 2026-02-07.
    expect(await page.locator('.lead').textContent()).toMatch(
      /fitted at 2026-02-08 06:00:00 UTC on the history to 2026-02-07\. Hold-out: 1\.857 weeks to 2026-02-20, [0-9.]+ repeat transactions predicted, 1 made\./,
    );
    for (const id of ['tracking', 'conditional']) expect(await chartMarks(page, id), id).toBeGreaterThan(0);
    expect(await chartText(page, 'tracking')).toContain('end of calibration');
    expect(await chartText(page, 'conditional')).toContain('repeat transactions in calibration');
    const fits = await page.locator('table').first().locator('tbody tr td:first-child').allTextContents();
    expect(fits).toEqual(['2026-02-08 06:00:00', '2026-02-01 06:00:00']);
    expect(errors).toEqual([]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'model.png'), fullPage: true });
  });

  it('shows the namespace chosen, and says so for one without a history', async () => {
    const { page, errors } = await openPage(browser, 1000, 800);
    await page.goto(`http://127.0.0.1:${dashboard.port}/analysts?ns=${database}`);
    expect(await page.locator('select[name="ns"]').inputValue()).toBe(database);
    // The navigation keeps the namespace.
    expect(await page.locator('nav a:has-text("Win-back")').getAttribute('href')).toBe(
      `/win-back?ns=${database}`,
    );
    expect(errors).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${dashboard.port}/no-such-page`)).status).toBe(404);
    const response = await page.goto(`http://127.0.0.1:${dashboard.port}/?ns=no_such_history`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('.problem').textContent()).toContain(
      `no loyalty history in the database no_such_history; showing ${database}`,
    );
  });

  it('names the pipeline sources that do not answer, and shows the rest', async () => {
    // Nothing listens on port 1: Redis refuses at once, Kafka is still retrying at the bound.
    const env = loadDashboardConfig({
      ...process.env,
      CLICKHOUSE_DATABASE: database,
      REDIS_URL: 'redis://127.0.0.1:1',
      REDIS_CLUSTER_NODES: '',
      KAFKA_BROKERS: '127.0.0.1:1',
      DASHBOARD_HTTP_PORT: '0',
    });
    const cut = await serveDashboard(env, pino({ level: 'silent' }));
    try {
      const { page, errors } = await openPage(browser, 1200, 900);
      const response = await page.goto(`http://127.0.0.1:${cut.port}/`);
      expect(response?.status()).toBe(200);
      const freshness = (await page.locator('#freshness').textContent()) ?? '';
      expect(freshness).toContain('latest event 2026-02-20 10:00:00 UTC');
      expect(freshness).toContain('Shard clocks (Redis): not available');
      expect(freshness).toMatch(/Aggregator lag \(group loyalty-aggregator\): not available/);
      // Unknown is shown as unknown, never as caught up.
      const lags = await page.locator('#freshness tbody tr td:nth-child(5)').allTextContents();
      expect(new Set(lags)).toEqual(new Set(['-']));
      expect(await chartMarks(page, 'pyramid')).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await cut.close();
    }
  });

  it('explains a range it cannot read instead of failing', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`http://127.0.0.1:${dashboard.port}/?to=2200-01-01`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('.problem').textContent()).toContain('--to 2200-01-01 lies outside');
    await page.waitForSelector('#pyramid svg', { state: 'attached' });
    expect(await page.locator('h1').textContent()).toBe('Overview');
  });

  it('says to migrate a database without tables, or without the database, and creates nothing', async () => {
    const empty = uniqueName('dashboard_empty', '_');
    const missing = uniqueName('dashboard_missing', '_');
    const bare = await openDatabase({ ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: empty });
    try {
      for (const name of [empty, missing]) {
        const server = await startDashboard({
          port: 0,
          host: '127.0.0.1',
          clickhouse: { ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: name },
          currency: 'EUR',
          log: pino({ level: 'silent' }),
        });
        try {
          const response = await fetch(`http://127.0.0.1:${server.port}/`);
          expect(response.status, name).toBe(503);
          expect(await response.text(), name).toContain('run `loyalty db migrate`');
        } finally {
          await server.close();
        }
      }
      const [row] = await (
        await bare.query({
          query: `SELECT count() AS n FROM system.databases WHERE name = '${missing}'`,
          format: 'JSONEachRow',
        })
      ).json<{ n: string }>();
      expect(Number(row?.n)).toBe(0);
    } finally {
      await bare.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(empty)}` });
      await bare.close();
    }
  });
});
