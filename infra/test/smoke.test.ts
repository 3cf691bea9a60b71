// The local stack answers the way the product's adapters use it: a consumer-group round
// trip on Kafka, a Lua script on Redis, an insert and select on ClickHouse.
import { uniqueName } from '@loyalty/testkit';
import {
  connectClickHouse,
  connectKafka,
  connectRedis,
  createTopics,
  deleteTopics,
  readMessages,
} from '@loyalty/testkit/servers';
import { describe, expect, it } from 'vitest';

describe('local stack smoke', () => {
  it('kafka: produces and consumes through a consumer group', async () => {
    const kafka = await connectKafka();
    const topic = uniqueName('smoke');
    await createTopics(kafka, [topic], 3);
    try {
      const producer = kafka.producer();
      await producer.connect();
      const sent = Array.from({ length: 30 }, (_, i) => ({ key: `c${i % 7}`, value: `m${i}` }));
      await producer.send({ topic, messages: sent, acks: -1 });
      await producer.disconnect();
      const got = await readMessages(kafka, topic, sent.length);
      expect(got.map((m) => m.value?.toString()).sort()).toEqual(sent.map((m) => m.value).sort());
      // Keyed messages keep their key's partition.
      const byKey = new Map<string, Set<number>>();
      for (const m of got) byKey.set(String(m.key), (byKey.get(String(m.key)) ?? new Set()).add(m.partition));
      for (const partitions of byKey.values()) expect(partitions.size).toBe(1);
    } finally {
      await deleteTopics(kafka, [topic]);
    }
  });

  it('redis: runs a Lua script atomically', async () => {
    const redis = await connectRedis();
    const key = uniqueName('smoke', ':');
    try {
      redis.defineCommand('smokeIncrTwice', {
        numberOfKeys: 1,
        lua: "redis.call('INCRBY', KEYS[1], ARGV[1]); return redis.call('INCRBY', KEYS[1], ARGV[1])",
      });
      const run = (
        redis as unknown as { smokeIncrTwice(key: string, by: number): Promise<number> }
      ).smokeIncrTwice.bind(redis);
      expect(await run(key, 5)).toBe(10);
      expect(await run(key, 1)).toBe(12);
    } finally {
      await redis.del(key);
      redis.disconnect();
    }
  });

  it('clickhouse: inserts and selects rows', async () => {
    const database = uniqueName('smoke', '_');
    const admin = await connectClickHouse();
    await admin.command({ query: `CREATE DATABASE ${database}` });
    const client = await connectClickHouse(database);
    try {
      await client.command({
        query:
          'CREATE TABLE t (id String, day Date, amount Int64) ENGINE = MergeTree() PARTITION BY toYYYYMM(day) ORDER BY id',
      });
      await client.insert({
        table: 't',
        values: [
          { id: 'a', day: '2026-01-02', amount: 150 },
          { id: 'b', day: '2026-02-03', amount: -20 },
        ],
        format: 'JSONEachRow',
      });
      const rows = await (
        await client.query({
          query: 'SELECT count() AS n, sum(amount) AS total FROM t',
          format: 'JSONEachRow',
        })
      ).json<{
        n: string;
        total: string;
      }>();
      expect(rows).toEqual([{ n: '2', total: '130' }]);
    } finally {
      await admin.command({ query: `DROP DATABASE ${database}` });
      await Promise.all([client.close(), admin.close()]);
    }
  });
});
