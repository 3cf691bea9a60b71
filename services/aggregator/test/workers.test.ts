// The aggregator on several cores from one command: a supervisor and AGGREGATOR_WORKERS=2
// workers in one consumer group. Both workers get partitions and consume, /metrics adds up
// their counts and /readyz lists them; a killed worker is replaced and nothing goes unconsumed;
// SIGTERM stops all having committed everything; a killed supervisor leaves no worker behind.
import { waitFor } from '@loyalty/testkit';
import { type ServiceProcess, spawnService } from '@loyalty/testkit/service-process';
import { AssignerProtocol } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, sale } from './harness.js';

interface WorkerStatus {
  worker: number;
  pid: number;
  ready: boolean;
}

interface ReadyBody {
  status: string;
  checks: Array<{ name: string; ok: boolean; error?: string }>;
  workers: WorkerStatus[];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('aggregator with two workers', () => {
  let h: Harness;
  let service: ServiceProcess;
  let base: string;
  let produced = 0;

  const spawn = () =>
    spawnService('services/aggregator/src/main.ts', {
      REDIS_KEY_PREFIX: h.prefix,
      AGGREGATOR_GROUP_ID: h.groupId,
      LOYALTY_TOPIC_NAMESPACE: h.namespace,
      AGGREGATOR_WORKERS: '2',
      AGGREGATOR_HTTP_PORT: '0',
      // The broker's minimum: a killed worker's partitions move to the others soon.
      AGGREGATOR_SESSION_TIMEOUT_MS: '6000',
      LOG_LEVEL: 'info',
    });

  /** Sales of customers spread over every partition. */
  async function produceSales(n: number): Promise<void> {
    const at = Date.now() - 86_400_000;
    const messages = Array.from({ length: n }, (_, i) => {
      const customerId = `c-${(produced + i) % 12}`;
      return {
        key: customerId,
        value: Buffer.from(JSON.stringify(sale(customerId, produced + i, at + i, 1_000))),
      };
    });
    await h.produce(h.topics.purchases, messages);
    produced += n;
  }

  const readiness = async (): Promise<{ status: number; body: ReadyBody }> => {
    const response = await fetch(`${base}/readyz`);
    return { status: response.status, body: (await response.json()) as ReadyBody };
  };
  const metrics = async () => (await fetch(`${base}/metrics`)).text();

  async function committedEverything(): Promise<boolean> {
    const admin = h.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: h.groupId, topics: [h.topics.purchases] });
      const ends = await admin.fetchTopicOffsets(h.topics.purchases);
      return ends.every(
        (end) =>
          Number(committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? -1) >=
          Number(end.high),
      );
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    h = await createHarness();
    service = spawn();
    base = `http://127.0.0.1:${await service.healthPort()}`;
    await service.waitForLog('aggregator started', 45_000);
  }, 60_000);

  afterAll(async () => {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await h.cleanup();
  });

  it('gives both workers partitions, sums their counts and lists them in /readyz', async () => {
    const ready = await waitFor(
      'both workers ready',
      async () => {
        const r = await readiness();
        return r.status === 200 ? r.body : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(ready.checks.map((c) => c.name)).toEqual(['redis', 'kafka', 'consumer']);
    expect(ready.workers).toHaveLength(2);
    expect(new Set(ready.workers.map((w) => w.pid)).size).toBe(2);

    const admin = h.kafka.admin();
    await admin.connect();
    const { groups } = await admin.describeGroups([h.groupId]);
    await admin.disconnect();
    const members = groups[0]?.members ?? [];
    expect(members).toHaveLength(2);
    for (const member of members) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      expect(
        assignment?.assignment[h.topics.purchases]?.length ?? 0,
        'partitions of each worker',
      ).toBeGreaterThan(0);
    }

    await produceSales(60);
    const text = await waitFor(
      'metrics to count all 60 messages over both workers',
      async () => {
        const t = await metrics();
        return /loyalty_aggregator_events_consumed_total 60\b/.test(t) ? t : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(text).toMatch(/loyalty_aggregator_events_applied_total 60\b/);
    expect(text).toMatch(/loyalty_aggregator_consumer_lag\{topic="[^"]+purchases.v1",partition="\d"\} 0/);
    expect(text).toMatch(/loyalty_aggregator_worker_restarts_total 0\b/);
  });

  it('replaces a killed worker, and the group still consumes everything', async () => {
    const before = (await readiness()).body.workers;
    const victim = before[0]?.pid;
    if (victim === undefined) throw new Error('no worker listed');
    process.kill(victim, 'SIGKILL');
    await waitFor(
      'the supervisor to report the exit',
      () =>
        service.output().includes('"msg":"aggregator worker exited unexpectedly; starting a replacement"')
          ? true
          : undefined,
      { timeoutMs: 10_000 },
    );
    await produceSales(60);
    const after = await waitFor(
      'a replacement, every worker ready again',
      async () => {
        const r = await readiness();
        return r.status === 200 ? r.body.workers : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(after.map((w) => w.pid)).not.toContain(victim);
    expect(after).toHaveLength(2);
    await waitFor(
      'the group to commit every message',
      async () => ((await committedEverything()) ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );
    const text = await metrics();
    expect(text).toMatch(/loyalty_aggregator_worker_restarts_total 1\b/);
    // The killed worker's count stays in the total (redeliveries may add to it).
    const consumed = Number(/loyalty_aggregator_events_consumed_total (\d+)/.exec(text)?.[1]);
    expect(consumed).toBeGreaterThanOrEqual(produced);
  });

  it('stops every worker on SIGTERM and exits 0, everything committed', async () => {
    const pids = (await readiness()).body.workers.map((w) => w.pid);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(await committedEverything()).toBe(true);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('leaves no worker running when the supervisor is killed', async () => {
    service = spawn();
    base = `http://127.0.0.1:${await service.healthPort()}`;
    const pids = await waitFor(
      'both workers listed',
      async () => {
        const workers = (await readiness()).body.workers.flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
        return workers.length === 2 ? workers : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    service.child.kill('SIGKILL');
    await service.exited;
    await waitFor('the orphaned workers to exit', () => (pids.some(alive) ? undefined : true), {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
  }, 45_000);
});
