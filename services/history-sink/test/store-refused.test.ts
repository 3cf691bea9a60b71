// A row the real ClickHouse (18.16) refuses for its data, among good rows: the good rows are
// stored once, the refused one becomes a store_refused dead letter naming its message, and
// the sink reads on, commits past it and keeps running. Also: input whose key is not its
// customerId is not stored, as the aggregator does not accept it.
import type { ClickHouseClient } from '@clickhouse/client';
import { AvroDecoder, registryEndpoint } from '@loyalty/avro';
import {
  createClickHouseClient,
  type DeadLetterRow,
  insertRows,
  migrate,
  openDatabase,
  quoteIdentifier,
  quoteString,
  selectRows,
} from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { ParserConfigSchema, type TopicNames } from '@loyalty/contracts';
import { createLogger } from '@loyalty/runtime';
import { uniqueName, waitFor } from '@loyalty/testkit';
import { connectClickHouse, connectKafka } from '@loyalty/testkit/servers';
import type { Kafka, KafkaMessage, Message, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriter, type SourcedRows } from '../src/batch-writer.js';
import type { SinkConfig } from '../src/config.js';
import { MessageDecoder } from '../src/decode-message.js';
import type { HistorySink } from '../src/history-sink.js';
import { eventDateTime } from '../src/rows/event-time.js';
import { inputRows } from '../src/rows/input-rows.js';
import { refusedRowLetter } from '../src/rows/refused-row-letter.js';
import type { RowSource } from '../src/rows/row-source.js';
import { linesOf, messageOf, purchase, tierChanged } from './events.js';
import { dedupedCounts, expectCommittedToEnd, freshSinkSetup, testSink } from './sink-harness.js';

// JSON.stringify writes a lone surrogate as the escape "\ud800": valid UTF-8 bytes, which
// JSON.parse turns back into the lone surrogate, and which ClickHouse refuses in a String
// column (code 25, "missing second part of surrogate pair").
const REFUSED_TEXT = 'till\ud800';

type LetterColumns = Pick<
  DeadLetterRow,
  | 'source_topic'
  | 'source_partition'
  | 'source_offset'
  | 'reason'
  | 'message'
  | 'raw_payload'
  | 'payload_encoding'
>;

async function letters(client: ClickHouseClient): Promise<LetterColumns[]> {
  return selectRows<LetterColumns>(
    client,
    'SELECT source_topic, source_partition, toString(source_offset) AS source_offset, reason, message, raw_payload, payload_encoding FROM dead_letters FINAL ORDER BY source_topic, source_partition, source_offset',
  );
}

describe('the batch writer against ClickHouse', () => {
  let client: ClickHouseClient;
  let database: string;

  beforeAll(async () => {
    // Fails with a message that says how to start the stack when ClickHouse is not up.
    await (await connectClickHouse()).close();
    const env = { ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: uniqueName('refused', '_') };
    database = env.CLICKHOUSE_DATABASE;
    client = await openDatabase(env);
    await migrate(client);
  });

  afterAll(async () => {
    await client?.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
    await client?.close();
  });

  it('stores the good rows once and a dead letter of the row ClickHouse refuses', async () => {
    const topic = 'loyalty.purchases.v1';
    const sourced: SourcedRows<RowSource>[] = Array.from({ length: 40 }, (_, i) => {
      const event = i === 17 ? { ...purchase(i), source: REFUSED_TEXT } : purchase(i);
      const message = {
        key: Buffer.from(event.customerId),
        value: Buffer.from(JSON.stringify(event)),
        timestamp: String(Date.parse(event.occurredAt)),
        attributes: 0,
        offset: String(1_000 + i),
        headers: {},
      } as KafkaMessage;
      return {
        source: { topic, partition: 1, message },
        rows: inputRows(event, eventDateTime(event.occurredAt) ?? ''),
      };
    });
    const refusedPayload = sourced[17]?.source.message.value?.toString('utf8');
    const writer = new BatchWriter<RowSource>({
      flushRows: 1_000_000,
      flushMs: 1,
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      log: createLogger('batch-writer-test', 'silent'),
      write: (table, rows) => insertRows(client, table, rows),
      deadLetterFor: (refused) => refusedRowLetter(refused, Date.now()),
    });
    await writer.add(sourced);

    // Without FINAL: a row stored twice would show. The refused row is not there, its lines are.
    const [purchases] = await selectRows<{ n: string; refused: string }>(
      client,
      "SELECT count() AS n, countIf(event_id = 'p17') AS refused FROM purchases",
    );
    expect(purchases).toEqual({ n: '39', refused: '0' });
    const [lines] = await selectRows<{ n: string }>(client, 'SELECT count() AS n FROM purchase_lines');
    expect(Number(lines?.n)).toBe(
      Array.from({ length: 40 }, (_, i) => linesOf(i)).reduce((a, b) => a + b, 0),
    );
    expect(await letters(client)).toEqual([
      {
        source_topic: topic,
        source_partition: 1,
        source_offset: '1017',
        reason: 'store_refused',
        message: expect.stringMatching(/^ClickHouse refused the purchases row of this message \(code 25\): /),
        raw_payload: refusedPayload,
        payload_encoding: 'utf8',
      },
    ]);
  });
});

describe('history sink with rows ClickHouse refuses', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let config: SinkConfig;
  let cleanup: () => Promise<void>;
  let sink: HistorySink | undefined;
  let client: ClickHouseClient;
  let producer: Producer;
  const fatal: unknown[] = [];

  beforeAll(async () => {
    kafka = await connectKafka();
    ({ topics, config, cleanup } = await freshSinkSetup(kafka));
    client = createClickHouseClient(config.clickhouse, config.clickhouse.CLICKHOUSE_DATABASE);
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await sink?.stop();
    await producer?.disconnect();
    await client?.close();
    await cleanup?.();
  });

  async function send(topic: string, messages: Message[]): Promise<{ partition: number; offset: string }> {
    const [meta] = await producer.send({ topic, messages, acks: -1 });
    if (meta === undefined) throw new Error(`no acknowledgement from ${topic}`);
    return { partition: meta.partition, offset: meta.baseOffset ?? '-1' };
  }

  it('stores a dead letter instead, reads on, commits past it, and does not stop', async () => {
    // An output event whose text ClickHouse refuses. The sink's decoding must let it through
    // for this test to mean anything: if the contracts come to refuse it, pick another value.
    // The event id carries it: it is free text, unlike reason (an enumeration).
    const refusedEvent = { ...tierChanged(10), eventId: `t10-${REFUSED_TEXT}` };
    const refusedMessage = messageOf(refusedEvent);
    // JSON only: the registry is never asked (none runs at this address).
    const jsonOnly = await new AvroDecoder(registryEndpoint('http://127.0.0.1:9/')).prepare([]);
    const decoded = new MessageDecoder(topics, ParserConfigSchema.parse({})).decode(
      topics.tierChanges,
      0,
      {
        key: Buffer.from(refusedEvent.customerId),
        value: Buffer.from(String(refusedMessage.value)),
        timestamp: String(Date.now()),
        attributes: 0,
        offset: '0',
        headers: {},
      } as KafkaMessage,
      jsonOnly,
    );
    expect(decoded, 'the refused value must pass the sink decoding').toMatchObject({ ok: true });

    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    await send(
      topics.tierChanges,
      range(10).map((i) => messageOf(tierChanged(i))),
    );
    const refusedAt = await send(topics.tierChanges, [refusedMessage]);
    // A purchase whose key is not its customerId: the aggregator dead-letters it (key_mismatch).
    const mismatched = purchase(50);
    await send(topics.purchases, [
      ...range(10).map((i) => messageOf(purchase(i))),
      { key: 'someone-else', value: JSON.stringify(mismatched) },
    ]);

    sink = testSink(config, kafka, { onFatal: (error) => fatal.push(error) });
    await sink.start();
    await waitFor(
      'the good rows and the dead letter of the refused one',
      async () => {
        const counts = await dedupedCounts(client);
        return counts.tier_changes === 10 && counts.dead_letters === 1 && counts.purchases === 10
          ? counts
          : undefined;
      },
      { timeoutMs: 30_000 },
    );
    // Later messages on the same topics are written too.
    await send(topics.tierChanges, [messageOf(tierChanged(11))]);
    await send(topics.purchases, [messageOf(purchase(11))]);
    await waitFor(
      'the messages sent after the refused row',
      async () => {
        const counts = await dedupedCounts(client);
        return counts.tier_changes === 11 && counts.purchases === 11 ? counts : undefined;
      },
      { timeoutMs: 30_000 },
    );

    expect(await letters(client)).toEqual([
      {
        source_topic: topics.tierChanges,
        source_partition: refusedAt.partition,
        source_offset: refusedAt.offset,
        reason: 'store_refused',
        message: expect.stringMatching(
          /^ClickHouse refused the tier_changes row of this message \(code 25\): /,
        ),
        raw_payload: String(refusedMessage.value),
        payload_encoding: 'utf8',
      },
    ]);
    const [stored] = await selectRows<{ n: string }>(
      client,
      `SELECT count() AS n FROM purchases FINAL WHERE event_id = ${quoteString(mismatched.eventId)}`,
    );
    expect(stored?.n).toBe('0');
    // Counted per delivery: a rebalance at start may deliver a message twice.
    const stats = sink.stats();
    expect(stats.refused.tier_changes).toBeGreaterThanOrEqual(1);
    expect(Object.keys(stats.refused)).toEqual(['tier_changes']);
    expect(stats.skipped.key_mismatch).toBeGreaterThanOrEqual(1);
    expect(fatal).toEqual([]);

    await sink.stop();
    sink = undefined;
    await expectCommittedToEnd(kafka, config.groupId, [topics.tierChanges, topics.purchases]);
  });
});
