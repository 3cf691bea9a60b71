// The sink as operators run it: a process serving /healthz, /readyz and /metrics, which
// stops within its bound on SIGTERM having committed only what ClickHouse acknowledged.
import type { TopicNames } from '@loyalty/contracts';
import { waitFor } from '@loyalty/testkit';
import { connectKafka } from '@loyalty/testkit/servers';
import { type ServiceProcess, spawnService } from '@loyalty/testkit/service-process';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkConfig } from '../src/config.js';
import { purchase } from './events.js';
import { freshSinkSetup } from './sink-harness.js';

describe('history sink process', () => {
  let kafka: Kafka;
  let config: SinkConfig;
  let topics: TopicNames;
  let cleanup: () => Promise<void>;
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    kafka = await connectKafka();
    ({ config, topics, cleanup } = await freshSinkSetup(kafka));
    service = spawnService('services/history-sink/src/main.ts', {
      LOYALTY_TOPIC_NAMESPACE: topics.purchases.replace('loyalty.purchases.v1', ''),
      SINK_GROUP_ID: config.groupId,
      CLICKHOUSE_DATABASE: config.clickhouse.CLICKHOUSE_DATABASE,
      SINK_FLUSH_MS: '200',
      SINK_HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    base = `http://127.0.0.1:${await service.healthPort()}`;
  });

  afterAll(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await cleanup();
  });

  it('serves health, readiness and metrics with rows written and flush durations', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    await waitFor(
      'readiness',
      async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined),
      { timeoutMs: 30_000 },
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics.purchases,
      messages: Array.from({ length: 10 }, (_, i) => ({
        key: purchase(i).customerId,
        value: JSON.stringify(purchase(i)),
      })),
    });
    await producer.disconnect();
    const metrics = await waitFor(
      'metrics to count 10 messages and their rows',
      async () => {
        const text = await (await fetch(`${base}/metrics`)).text();
        // Messages are counted when read, rows once ClickHouse acknowledged them: a moment later.
        const rows = Number(/loyalty_sink_rows_written_total (\d+)/.exec(text)?.[1]);
        return /loyalty_sink_messages_total 10\b/.test(text) && rows >= 10 ? text : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(Number(/loyalty_sink_rows_written_total (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(10);
    expect(metrics).toMatch(/loyalty_sink_flush_duration_seconds_count [1-9]/);
    expect(metrics).toMatch(/loyalty_sink_clickhouse_errors_total 0\b/);
  });

  it('stops cleanly on SIGTERM (exit 0: within its own shutdown bound)', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  });
});
