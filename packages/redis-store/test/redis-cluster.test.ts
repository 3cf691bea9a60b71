// The store on a real Redis Cluster: the local stack's three nodes give the same results as one
// server for batches that span every node, scans see every master, and a reshard that moves a
// customer's slot under a client with the old slot map (ASK during the move, MOVED after it)
// loses no write.
import { type Env, parseEnv, redisEnv } from '@loyalty/config';
import type { HistoryEntry } from '@loyalty/core';
import { createLogger } from '@loyalty/runtime';
import { uniqueName } from '@loyalty/testkit';
import {
  PRIVATE_SERVICE_START_TIMEOUT_MS,
  type PrivateService,
  startPrivateService,
} from '@loyalty/testkit/private-service';
import { REDIS_CLUSTER_START_TIMEOUT_MS, sharedRedisClusterNodes } from '@loyalty/testkit/redis-cluster';
import { connectRedis } from '@loyalty/testkit/servers';
import { redisTraces } from '@loyalty/testkit/traces';
import { Cluster, type Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerStore, createRedis, deleteKeys, type RedisConnection, scanKeys } from '../src/index.js';

const DAY = 86_400_000;
const SHARDS = 4;
const SECRET = 'test-erasure-secret-0001';
const log = createLogger('redis-cluster-test', 'silent');

const sale = (eventId: string, at: number, amountMinor: number): HistoryEntry => ({
  kind: 'purchase',
  eventId,
  at,
  orderId: `o-${eventId}`,
  type: 'sale',
  amountMinor,
  categories: ['books'],
});

const storeOn = (redis: RedisConnection, prefix: string, maxHistoryEntries = 5) =>
  new CustomerStore<{ tier: string | null }>(redis, { prefix, maxHistoryEntries, erasureSecret: SECRET });

/** Everything the store answers to one sequence of batches over 60 customers and 4 shards. */
async function exercise(store: CustomerStore<{ tier: string | null }>) {
  const ids = Array.from({ length: 60 }, (_, i) => `cus-${i}`);
  const events = ids.flatMap((customerId, i) =>
    [0, 1, 2].map((n) => ({
      customerId,
      shard: i % SHARDS,
      entry: sale(`${customerId}-e${n}`, (10 + 5 * n + (i % 7)) * DAY, 100 * (n + 1)),
    })),
  );
  const applied = await store.applyEvents(events);
  await store.markDue(events);
  const again = await store.applyEvents([...events].reverse());
  // One customer past the history bound: which events fit depends on the order kept in a slot.
  const overflow = await store.applyEvents(
    Array.from({ length: 4 }, (_, n) => ({ customerId: 'cus-0', shard: 0, entry: sale(`x${n}`, DAY, 1) })),
  );
  await store.saveEvaluations(
    ids.slice(0, 30).map((customerId, i) => ({
      customerId,
      shard: i % SHARDS,
      evaluation: { asOf: 40 * DAY, values: { tier: i % 2 === 0 ? 'iron' : null } },
      nextDueAt: i % 3 === 0 ? undefined : (400 + i) * DAY,
    })),
  );
  const loaded = [...(await store.loadCustomers(ids))].map(([id, state]) => ({
    id,
    history: state.history.map((e) => e.eventId).sort(),
    evaluation: state.evaluation,
  }));
  const due = await Promise.all(
    Array.from({ length: SHARDS }, (_, shard) => store.dueCustomers(shard, 1_000 * DAY, 1_000)),
  );
  const watermarks = [await store.advanceWatermark(1, 5_000), await store.advanceWatermark(1, 4_000)];
  const tracesBefore = await store.traces('cus-29', SHARDS);
  const erased = await store.erase('cus-29', 50 * DAY, SHARDS);
  const tracesAfter = await store.traces('cus-29', SHARDS);
  const erasedBefore = [...(await store.erasedBefore(['cus-28', 'cus-29']))];
  return {
    applied,
    again,
    overflow,
    loaded,
    due,
    watermarks,
    tracesBefore,
    erased,
    tracesAfter,
    erasedBefore,
  };
}

async function keysOn(node: Redis, pattern: string): Promise<number> {
  let count = 0;
  for await (const keys of scanKeys(node, pattern)) count += keys.length;
  return count;
}

describe('CustomerStore on the local Redis Cluster', () => {
  let single: Redis;
  let cluster: RedisConnection;
  const prefix = `${uniqueName('test-cluster', ':')}:`;

  beforeAll(async () => {
    const nodes = await sharedRedisClusterNodes();
    single = await connectRedis();
    cluster = createRedis(parseEnv(redisEnv, { REDIS_CLUSTER_NODES: nodes }), log);
  }, REDIS_CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await deleteKeys(single, `${prefix}*`);
    await deleteKeys(cluster, `${prefix}*`);
    single.disconnect();
    cluster.disconnect();
  });

  it('connects as a Cluster when REDIS_CLUSTER_NODES is set', () => {
    expect(cluster).toBeInstanceOf(Cluster);
  });

  it('answers every batch as one server does, with the batches spread over every master', async () => {
    const onCluster = await exercise(storeOn(cluster, prefix));
    expect(onCluster).toEqual(await exercise(storeOn(single, prefix)));
    expect(onCluster.applied).toEqual(Array(180).fill('applied'));
    expect(onCluster.overflow).toEqual(['applied', 'applied', 'history_full', 'history_full']);
    expect(onCluster.erased).toEqual({ keysDeleted: 1, timersRemoved: 1 });
    expect(onCluster.tracesAfter).toBe(0);
    const masters = (cluster as Cluster).nodes('master');
    expect(masters).toHaveLength(3);
    for (const master of masters) expect(await keysOn(master, `${prefix}*`)).toBeGreaterThan(5);
  });

  it('finds keys on every master, and deletes them all', async () => {
    const pattern = `${prefix}*`;
    expect(await redisTraces(cluster, pattern, 'cus-29')).toEqual([]);
    expect(await redisTraces(cluster, pattern, 'cus-6')).not.toEqual([]);
    let total = 0;
    for await (const keys of scanKeys(cluster, pattern)) total += keys.length;
    expect(total).toBe(await keysOn(single, pattern));
    expect(await deleteKeys(cluster, pattern)).toBe(total);
    expect(await keysOn(single, pattern)).toBe(total);
    for await (const keys of scanKeys(cluster, pattern)) expect(keys).toEqual([]);
  });
});

describe('CustomerStore during a reshard (private cluster)', () => {
  let server: PrivateService;
  let cluster: Cluster;

  beforeAll(async () => {
    server = await startPrivateService('redis-cluster');
    const env = parseEnv(redisEnv, server.env as Env);
    // No periodic refresh of the slot map: the client learns of the reshard only from redirections.
    cluster = new Cluster(
      (env.REDIS_CLUSTER_NODES ?? []).map((node) => ({
        host: '127.0.0.1',
        port: Number(node.split(':')[1]),
      })),
      { slotsRefreshInterval: 0 },
    );
    await cluster.ping();
  }, PRIVATE_SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    cluster?.disconnect();
    await server?.destroy();
  });

  const nodeId = async (node: Redis) => String(await node.cluster('MYID'));
  const errorCount = async (node: Redis, error: 'ASK' | 'MOVED') =>
    Number(new RegExp(`^errorstat_${error}:count=(\\d+)`, 'm').exec(await node.info('errorstats'))?.[1] ?? 0);

  it('loses no write on ASK while the slot moves, nor on MOVED after', async () => {
    const store = storeOn(cluster, `${uniqueName('reshard', ':')}:`, 50);
    const ids = Array.from({ length: 30 }, (_, i) => `cus-${i}`);
    const batch = (n: number) =>
      store.applyEvents(
        ids.map((customerId, i) => ({
          customerId,
          shard: i % SHARDS,
          entry: sale(`${customerId}-${n}`, n * DAY, 100),
        })),
      );
    expect(await batch(1)).toEqual(Array(30).fill('applied'));

    // cus-7's slot moves from its master to another one, as `redis-cli --cluster reshard` does it.
    const moving = store.keys.customer('cus-7');
    const masters = cluster.nodes('master');
    const slot = Number(await cluster.cluster('KEYSLOT', moving));
    const owner = cluster.slots[slot]?.[0];
    const source = masters.find((m) => `${m.options.host}:${m.options.port}` === owner);
    const target = masters.find((m) => m !== source);
    if (source === undefined || target === undefined) throw new Error(`no owner of slot ${slot}`);
    const [sourceId, targetId] = [await nodeId(source), await nodeId(target)];
    await target.cluster('SETSLOT', slot, 'IMPORTING', sourceId);
    await source.cluster('SETSLOT', slot, 'MIGRATING', targetId);
    const keys = (await source.cluster('GETKEYSINSLOT', slot, 100)) as string[];
    expect(keys).toEqual([moving]);
    await source.migrate(
      String(target.options.host),
      Number(target.options.port),
      '',
      0,
      5_000,
      'KEYS',
      ...keys,
    );

    const asks = await errorCount(source, 'ASK');
    expect(await batch(2)).toEqual(Array(30).fill('applied'));
    expect(await errorCount(source, 'ASK')).toBeGreaterThan(asks);

    for (const node of [target, source, ...masters.filter((m) => m !== source && m !== target)])
      await node.cluster('SETSLOT', slot, 'NODE', targetId);
    const moves = await errorCount(source, 'MOVED');
    expect(await batch(3)).toEqual(Array(30).fill('applied'));
    expect(await errorCount(source, 'MOVED')).toBeGreaterThan(moves);

    expect(await target.exists(moving)).toBe(1);
    const states = await store.loadCustomers(ids);
    for (const id of ids) expect(states.get(id)?.history, id).toHaveLength(3);
  });
});
