// The aggregator as operators run it: a process that serves /healthz, /readyz and /metrics,
// and stops within its bound on SIGTERM without losing an event.
import { waitFor } from '@loyalty/testkit';
import { type ServiceProcess, spawnService } from '@loyalty/testkit/service-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

function sale(n: number) {
  return {
    type: 'purchase',
    eventId: `p-${n}`,
    customerId: `c-${n % 5}`,
    occurredAt: new Date(Date.now() - 86_400_000 + n).toISOString(),
    source: 'pos-test',
    schemaVersion: 1,
    orderId: `o-${n}`,
    channel: 'pos',
    kind: 'sale',
    currency: 'EUR',
    totalMinor: 1_000,
    discountMinor: 0,
    lines: [{ sku: 's', category: 'books', quantity: 1, unitPriceMinor: 1_000 }],
  };
}

describe('aggregator process', () => {
  let h: Harness;
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    h = await createHarness();
    service = spawnService('services/aggregator/src/main.ts', {
      REDIS_KEY_PREFIX: h.prefix,
      AGGREGATOR_GROUP_ID: h.groupId,
      LOYALTY_TOPIC_NAMESPACE: h.namespace,
      AGGREGATOR_HTTP_PORT: '0',
      // The sales below are a day old: a quiet partition of history lets the wall clock lead soon.
      AGGREGATOR_IDLE_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'info',
    });
    base = `http://127.0.0.1:${await service.healthPort()}`;
    await service.waitForLog('aggregator started');
  }, 120_000);

  afterAll(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await h.cleanup();
  });

  it('serves health, readiness and metrics with the counts of what it consumed', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: [
        { name: 'redis', ok: true },
        { name: 'kafka', ok: true },
        { name: 'consumer', ok: true },
      ],
    });

    await h.produce(h.topics.purchases, [
      ...Array.from({ length: 20 }, (_, n) => ({
        key: `c-${n % 5}`,
        value: Buffer.from(JSON.stringify(sale(n))),
      })),
      { key: 'c-0', value: Buffer.from('not json') },
    ]);
    const metrics = await waitFor(
      'metrics to count 21 consumed messages and the 5 customers announced',
      async () => {
        const text = await (await fetch(`${base}/metrics`)).text();
        const announced = /loyalty_aggregator_events_emitted_total\{topic="[^"]+customer-state.v1"\} 5\b/;
        return /loyalty_aggregator_events_consumed_total 21\b/.test(text) && announced.test(text)
          ? text
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(metrics).toMatch(/loyalty_aggregator_events_applied_total 20\b/);
    expect(metrics).toMatch(/loyalty_aggregator_dead_letters_total\{reason="invalid_json"\} 1\b/);
    expect(metrics).toMatch(/loyalty_aggregator_events_emitted_total\{topic="[^"]+tier-changes.v1"\} 5\b/);
    expect(metrics).toMatch(
      /loyalty_aggregator_batch_duration_seconds_count\{topic="[^"]+purchases.v1"\} \d+/,
    );
    expect(metrics).toMatch(/loyalty_aggregator_consumer_lag\{topic="[^"]+purchases.v1",partition="\d"\} 0/);
  });

  it('publishes the live value pyramid: every customer with a sale, and where each level starts', async () => {
    // Five customers of 40.00 each share one bucket: the top customer's bucket starts every
    // level, so all five are platinum.
    const sample = (text: string, name: string, level: string) =>
      Number(new RegExp(`^${name}\\{level="${level}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
    const text = await waitFor(
      'the pyramid gauges to count the five customers',
      async () => {
        const t = await (await fetch(`${base}/metrics`)).text();
        return sample(t, 'loyalty_pyramid_customers', 'platinum') === 5 ? t : undefined;
      },
      { timeoutMs: 30_000 },
    );
    for (const level of ['gold', 'iron', 'lead'])
      expect(sample(text, 'loyalty_pyramid_customers', level)).toBe(0);
    for (const level of ['platinum', 'gold', 'iron']) {
      const cutoff = sample(text, 'loyalty_pyramid_cutoff_minor', level);
      expect(Math.abs(cutoff - 4_000) / 4_000, `the ${level} cut-off ${cutoff}`).toBeLessThanOrEqual(0.005);
    }
  });

  it('stops cleanly on SIGTERM (exit 0: within its own shutdown bound), having committed what it applied', async () => {
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    const admin = h.kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId: h.groupId, topics: [h.topics.purchases] });
    const ends = await admin.fetchTopicOffsets(h.topics.purchases);
    await admin.disconnect();
    const sum = (xs: string[]) => xs.reduce((a, x) => a + Math.max(0, Number(x)), 0);
    expect(sum(committed[0]?.partitions.map((p) => p.offset) ?? [])).toBe(sum(ends.map((e) => e.high)));
  });
});
