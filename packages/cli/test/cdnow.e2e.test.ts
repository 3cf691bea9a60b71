// The CDNOW sample of Fader, Hardie & Lee (2005) end to end on the local stack: `loyalty cdnow
// replay` publishes its 6,919 transactions to fresh topics; the aggregator and the history sink
// run in-process until every event is consumed and written; `loyalty model fit` on the
// ClickHouse history to 1997-09-30 reproduces the published estimates and stores them in Redis
// and ClickHouse. The 39-week hold-out is compared with the model's forecast, as in the paper.
import type { ClickHouseClient } from '@clickhouse/client';
import { Aggregator, type CustomerValues } from '@loyalty/aggregator';
import {
  clvCalibration,
  createClickHouseClient,
  integerLiteral,
  modelFitRow,
  quoteIdentifier,
  quoteString,
  selectRows,
  TABLES,
} from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv, registryEnv } from '@loyalty/config';
import { namespacedTopics, type TopicNames, topicSpecs } from '@loyalty/contracts';
import {
  type ClvModelRecord,
  ClvModelRecordSchema,
  conditionalExpectedPurchases,
  DEFAULT_RULES,
} from '@loyalty/core';
import { HistorySink, loadSinkConfig } from '@loyalty/history-sink';
import { ClvModelStore, CustomerStore } from '@loyalty/redis-store';
import { createLogger } from '@loyalty/runtime';
import { uniqueName, waitFor } from '@loyalty/testkit';
import { connectKafka, connectRedis, createTopics, deleteTopics } from '@loyalty/testkit/servers';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

const TRANSACTIONS = 6_919;
const CUTOFF = '1997-09-30';
const DAY_MS = 86_400_000;
const HOLDOUT_WEEKS = 39;
const PARTITIONS = 3;

function expectWithinPercent(actual: number, expected: number, percent: number): void {
  expect(Math.abs(actual / expected - 1) * 100).toBeLessThan(percent);
}

describe('CDNOW through the pipeline', () => {
  let kafka: Kafka;
  let redis: Redis;
  let clickhouse: ClickHouseClient;
  let topics: TopicNames;
  let sink: HistorySink | undefined;
  let aggregator: Aggregator | undefined;
  const namespace = `${uniqueName('cdnow')}.`;
  const prefix = `${uniqueName('cdnow', ':')}:`;
  const database = uniqueName('cdnow', '_');
  const env = {
    ...process.env,
    LOYALTY_TOPIC_NAMESPACE: namespace,
    LOYALTY_TOPIC_PARTITIONS: String(PARTITIONS),
    LOYALTY_BASE_CURRENCY: 'EUR',
    CLICKHOUSE_DATABASE: database,
    REDIS_KEY_PREFIX: prefix,
  };
  const log = createLogger('cdnow-e2e', 'error');

  function loyalty(...argv: string[]): Promise<CliRun> {
    return runCli(env, argv);
  }

  beforeAll(async () => {
    kafka = await connectKafka();
    redis = await connectRedis();
    topics = namespacedTopics(namespace);
    await createTopics(kafka, topicSpecs(topics), PARTITIONS);
    clickhouse = createClickHouseClient(parseEnv(clickhouseEnv, env), database);
  });

  afterAll(async () => {
    await Promise.allSettled([aggregator?.stop(), sink?.stop()]);
    await deleteTopics(kafka, Object.values(topics)).catch(() => undefined);
    await clickhouse?.close();
    const admin = createClickHouseClient(parseEnv(clickhouseEnv, env), undefined);
    await admin.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
    await admin.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1_000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis?.disconnect();
  });

  it('replays, aggregates and stores every transaction once', { timeout: 180_000 }, async () => {
    const replay = await loyalty('cdnow', 'replay');
    expect(replay).toEqual({
      code: 0,
      out: `replayed ${TRANSACTIONS} purchases of 2357 customers (1997-01-01 to 1998-06-30) to ${topics.purchases}\n`,
      err: '',
    });

    const store = new CustomerStore<CustomerValues>(redis, {
      prefix,
      maxHistoryEntries: 5_000,
      erasureSecret: 'test-erasure-secret-0001',
    });
    aggregator = new Aggregator(
      {
        groupId: `${namespace}aggregator`,
        mode: 'replay',
        latenessMs: DAY_MS,
        timerIntervalMs: 1_000,
        topics,
        rules: DEFAULT_RULES,
        parser: { baseCurrency: 'EUR', maxMessageBytes: 65_536, maxFutureSkewMs: 300_000 },
        registryUrl: parseEnv(registryEnv, process.env).REGISTRY_URL,
      },
      { kafka, store, log },
    );
    sink = new HistorySink(
      loadSinkConfig({ ...env, SINK_GROUP_ID: `${namespace}history`, SINK_FLUSH_MS: '200' }),
      { kafka, log },
    );
    await Promise.all([aggregator.start(), sink.start()]);

    const started = performance.now();
    await waitFor(
      `the aggregator to consume and the sink to write ${TRANSACTIONS} purchases`,
      async () => {
        if ((aggregator?.counts.consumed ?? 0) < TRANSACTIONS) return undefined;
        const [row] = await selectRows<{ n: string }>(clickhouse, 'SELECT count() AS n FROM purchases FINAL');
        return Number(row?.n) === TRANSACTIONS ? true : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    console.info('CDNOW consumed', {
      seconds: Math.round(performance.now() - started) / 1000,
      aggregator: aggregator.counts,
      emitted: aggregator.evaluator.emitted,
    });
    expect(aggregator.counts).toMatchObject({ applied: TRANSACTIONS, duplicates: 0 });
    expect(aggregator.deadLetters.counts).toEqual({});
    expect(sink.stats().skipped).toEqual({});
    const first = (await store.loadCustomers(['cdnow-0001'])).get('cdnow-0001');
    expect(first?.history).toHaveLength(4);
  });

  it('fits the published BG/NBD and Gamma-Gamma estimates on the history to 1997-09-30, and stores them', async () => {
    const table = await loyalty('model', 'fit', '--cutoff', CUTOFF);
    expect(table.err).toBe('');
    expect(table.code).toBe(0);
    expect(table.out).toContain(`CLV model on the history to ${CUTOFF}`);
    expect(table.out).toMatch(/^BG\/NBD\s+alpha\s+4\.4\d*$/m);
    expect(table.out).toMatch(/^Gamma-Gamma\s+customers\s+946$/m);

    const json = await loyalty('model', 'fit', '--cutoff', CUTOFF, '--json');
    expect(json.code).toBe(0);
    const record: ClvModelRecord = ClvModelRecordSchema.parse(JSON.parse(json.out));
    console.info('CDNOW model fit through the pipeline', record);
    expect(record).toMatchObject({ cutoff: CUTOFF, sampleSize: 2357, repeatSampleSize: 946 });
    expectWithinPercent(record.bgnbd.r, 0.243, 1);
    expectWithinPercent(record.bgnbd.alpha, 4.414, 1);
    expectWithinPercent(record.bgnbd.a, 0.793, 1);
    expectWithinPercent(record.bgnbd.b, 2.426, 1);
    expect(record.logLikelihood).toBeCloseTo(-9582.4, 0);
    expectWithinPercent(record.gammaGamma.p, 6.25, 1);
    expectWithinPercent(record.gammaGamma.q, 3.74, 1);
    expectWithinPercent(record.gammaGamma.gamma, 15.44, 1);

    expect(await new ClvModelStore(redis, prefix).load()).toEqual(record);
    const row = modelFitRow(record);
    const stored = await selectRows<Record<string, unknown>>(
      clickhouse,
      `SELECT ${Object.keys(row).join(', ')} FROM ${TABLES.modelFits} FINAL
       WHERE fitted_at = toDateTime(${quoteString(row.fitted_at)}, 'UTC')`,
    );
    expect(stored).toEqual([row]);

    // The paper's check of the model: repeat purchases in the 39 weeks after the cut-off,
    // forecast per customer from the calibration (eq. 10) against the purchase days observed.
    const calibration = await clvCalibration(clickhouse, CUTOFF);
    const predicted = calibration.reduce(
      (sum, c) => sum + conditionalExpectedPurchases(record.bgnbd, c.x, c.tx, c.T, HOLDOUT_WEEKS),
      0,
    );
    const cutoffDay = Date.parse(`${CUTOFF}T00:00:00Z`) / DAY_MS;
    const [holdout] = await selectRows<{ n: string }>(
      clickhouse,
      `SELECT count() AS n FROM
       (
           SELECT customer_id, day
           FROM
           (
               SELECT customer_id, intDiv(toUInt32(any(occurred_at)), 86400) AS day
               FROM purchases
               WHERE kind = 'sale'
               GROUP BY customer_id, event_id
           )
           WHERE day > ${integerLiteral(cutoffDay)} AND day <= ${integerLiteral(cutoffDay + HOLDOUT_WEEKS * 7)}
           GROUP BY customer_id, day
       )`,
    );
    const actual = Number(holdout?.n);
    console.info('CDNOW 39-week hold-out repeat purchases', { predicted, actual });
    expect(actual).toBe(1882);
    // Fader, Hardie & Lee's model under-forecasts this hold-out by about 12 % (the same sum in
    // packages/core/src/clv/cdnow.test.ts is 1653.41).
    expectWithinPercent(predicted, 1653.41, 1);
    expectWithinPercent(predicted, actual, 15);
  });
});
