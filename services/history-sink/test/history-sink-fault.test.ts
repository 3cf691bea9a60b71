// ClickHouse stops in the middle of a stream and comes back: while it is down the sink
// writes and commits nothing; afterwards it catches up, and the rows after deduplication
// equal the events sent, exactly. Runs against a private ClickHouse (the shared one serves
// other tests meanwhile).
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouseClient } from '@loyalty/clickhouse';
import type { TopicNames } from '@loyalty/contracts';
import { waitFor } from '@loyalty/testkit';
import {
  PRIVATE_SERVICE_START_TIMEOUT_MS,
  type PrivateService,
  startPrivateService,
} from '@loyalty/testkit/private-service';
import { connectKafka } from '@loyalty/testkit/servers';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkConfig } from '../src/config.js';
import type { HistorySink } from '../src/history-sink.js';
import { complaint, linesOf, messageOf, purchase } from './events.js';
import { dedupedCounts, freshSinkSetup, testSink } from './sink-harness.js';

const ROUND = 100;

async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/** Waits until the stream's tables hold `expected` rows after deduplication, and returns the counts. */
async function streamWritten(
  client: ClickHouseClient,
  expected: Record<string, number>,
): Promise<Record<string, number>> {
  return waitFor(
    'the stream written after the outage',
    async () => {
      const all = await dedupedCounts(client);
      const got = {
        purchases: all.purchases,
        purchase_lines: all.purchase_lines,
        complaints: all.complaints,
      };
      return JSON.stringify(got) === JSON.stringify(expected) ? got : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

/** Waits until neither the rows written nor the committed offsets move for `quietMs`, and returns both. */
async function standingStill(
  sink: HistorySink,
  admin: Admin,
  groupId: string,
  topic: string,
  quietMs = 1_000,
): Promise<{ written: number; committed: number }> {
  const sample = async () => ({
    written: sink.stats().rowsWritten,
    committed: await committedTotal(admin, groupId, topic),
  });
  return waitFor(
    `the sink to stand still (no row written, no offset committed) for ${quietMs} ms`,
    async () => {
      const before = await sample();
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const after = await sample();
      return JSON.stringify(before) === JSON.stringify(after) ? after : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 0 },
  );
}

describe('history sink when ClickHouse goes away', () => {
  let kafka: Kafka;
  let clickhouse: PrivateService;
  let topics: TopicNames;
  let config: SinkConfig;
  let cleanup: () => Promise<void>;
  let sink: HistorySink | undefined;
  let client: ClickHouseClient;
  let producer: Producer;
  let admin: Admin;
  let expected: Record<string, number> | undefined;

  beforeAll(async () => {
    kafka = await connectKafka();
    clickhouse = await startPrivateService('clickhouse');
    ({ topics, config, cleanup } = await freshSinkSetup(kafka, { CLICKHOUSE_URL: clickhouse.address }));
    client = createClickHouseClient(config.clickhouse, config.clickhouse.CLICKHOUSE_DATABASE);
    producer = kafka.producer();
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
  }, PRIVATE_SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await sink?.stop();
    await producer?.disconnect();
    await admin?.disconnect();
    await client?.close();
    await cleanup?.();
    await clickhouse?.destroy();
  });

  it('pauses, commits nothing unwritten, and catches up without duplicates', {
    timeout: 240_000,
  }, async () => {
    sink = testSink(config, kafka);
    await sink.start();
    let rounds = 0;
    let producing = true;
    // A steady stream: a round of purchases and complaints every 100 ms, each round also
    // sending the previous round's purchases again (redelivery).
    const stream = (async () => {
      while (producing) {
        const from = rounds * ROUND;
        const fresh = Array.from({ length: ROUND }, (_, i) => purchase(from + i));
        const again = rounds > 0 ? Array.from({ length: 10 }, (_, i) => purchase(from - ROUND + i)) : [];
        await producer.send({
          topic: topics.purchases,
          messages: [...fresh, ...again].map(messageOf),
          acks: -1,
        });
        await producer.send({ topic: topics.complaints, messages: [messageOf(complaint(rounds))], acks: -1 });
        rounds++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    await waitFor(
      'rows before the outage',
      () => ((sink?.stats().rowsWritten ?? 0) > 1_000 ? true : undefined),
      { timeoutMs: 60_000 },
    );
    await clickhouse.crash();
    // Once the insert in flight when the server went away has failed, nothing moves.
    const { written: writtenWhileDown, committed: committedWhileDown } = await standingStill(
      sink,
      admin,
      config.groupId,
      topics.purchases,
    );
    const readWhileDown = sink.stats().messages;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(sink.stats().rowsWritten).toBe(writtenWhileDown);
    expect(await committedTotal(admin, config.groupId, topics.purchases)).toBe(committedWhileDown);
    // Paused: at most the batches fetched before the pause were read meanwhile.
    const roundsDuringOutage = rounds;
    expect(sink.stats().messages - readWhileDown).toBeLessThan(5 * (ROUND + 10));

    await clickhouse.start();
    // Some rounds after the restart too, so that catching up meets fresh messages as well.
    await waitFor(
      'a round sent after the restart',
      () => (rounds > roundsDuringOutage + 1 ? true : undefined),
      {
        timeoutMs: 60_000,
      },
    );
    producing = false;
    await stream;

    const purchases = rounds * ROUND;
    expected = {
      purchases,
      purchase_lines: Array.from({ length: purchases }, (_, i) => linesOf(i)).reduce((a, b) => a + b, 0),
      complaints: rounds,
    };
    expect(await streamWritten(client, expected)).toEqual(expected);
    await sink.stop();
    sink = undefined;
    const ends = (await admin.fetchTopicOffsets(topics.purchases)).reduce(
      (sum, p) => sum + Number(p.offset),
      0,
    );
    expect(await committedTotal(admin, config.groupId, topics.purchases)).toBe(ends);
  });

  it('waits at start for ClickHouse, then reads the whole stream again into a new database', {
    timeout: 240_000,
  }, async () => {
    if (expected === undefined) throw new Error('needs the stream of the previous test');
    const replay = {
      ...config,
      groupId: `${config.groupId}-replay`,
      clickhouse: {
        ...config.clickhouse,
        CLICKHOUSE_DATABASE: `${config.clickhouse.CLICKHOUSE_DATABASE}_replay`,
      },
    };
    await clickhouse.crash();
    sink = testSink(replay, kafka);
    let started = false;
    const starting = sink.start().then(() => {
      started = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(started).toBe(false);
    await clickhouse.start();
    await starting;
    const replayClient = createClickHouseClient(replay.clickhouse, replay.clickhouse.CLICKHOUSE_DATABASE);
    try {
      expect(await streamWritten(replayClient, expected)).toEqual(expected);
    } finally {
      await replayClient.close();
    }
  });
});
