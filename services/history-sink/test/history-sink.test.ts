// End to end: events of every topic, with redeliveries and bad input, produced to fresh
// topics; the sink runs in-process against a fresh database; the rows after deduplication
// match the events, and the committed offsets are the ends of the topics.
import type { ClickHouseClient } from '@clickhouse/client';
import { createClickHouseClient, selectRows } from '@loyalty/clickhouse';
import { historyTopics, type TopicNames } from '@loyalty/contracts';
import { waitFor } from '@loyalty/testkit';
import { connectKafka } from '@loyalty/testkit/servers';
import type { Kafka, Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkConfig } from '../src/config.js';
import type { HistorySink } from '../src/history-sink.js';
import {
  campaignResponse,
  churnRisk,
  complaint,
  deadLetterMessage,
  linesOf,
  messageOf,
  purchase,
  pyramidLevelChanged,
  stageChanged,
  tierChanged,
  walletEstimate,
  walletShareChanged,
} from './events.js';
import { dedupedCounts, expectCommittedToEnd, freshSinkSetup, testSink } from './sink-harness.js';

const PURCHASES = 200;
const OTHERS = 20;

/** Beyond OTHERS on an output topic: a correction, and an event from before the flag existed. */
function correctionAndUnflagged(
  make: (i: number) => { eventId: string; customerId: string; correction: boolean },
): Message[] {
  const correction = { ...make(OTHERS), eventId: `${make(OTHERS).eventId}-correction`, correction: true };
  const { correction: _, ...unflagged } = make(OTHERS + 1);
  return [messageOf(correction), messageOf(unflagged)];
}

describe('history sink end to end', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let config: SinkConfig;
  let cleanup: () => Promise<void>;
  let sink: HistorySink | undefined;
  let client: ClickHouseClient;
  let sent = 0;
  const expectedLines = Array.from({ length: PURCHASES }, (_, i) => linesOf(i)).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    kafka = await connectKafka();
    ({ topics, config, cleanup } = await freshSinkSetup(kafka));
    client = createClickHouseClient(config.clickhouse, config.clickhouse.CLICKHOUSE_DATABASE);
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const inDollars = { ...purchase(9_000), currency: 'USD' };
    const walletInDollars = { ...walletEstimate(OTHERS), currency: 'USD' };
    const send: [string, Message[]][] = [
      [
        topics.purchases,
        [
          ...range(PURCHASES).map((i) => messageOf(purchase(i))),
          // Redeliveries of the first 30, and input the aggregator dead-letters.
          ...range(30).map((i) => messageOf(purchase(i))),
          { key: 'cust-1', value: '{"type":"purchase",' },
          messageOf(inDollars),
          { key: 'cust-1', value: null },
        ],
      ],
      [topics.complaints, [...range(OTHERS).map((i) => messageOf(complaint(i))), messageOf(complaint(0))]],
      [topics.campaignResponses, range(OTHERS).map((i) => messageOf(campaignResponse(i)))],
      [
        topics.walletEstimates,
        [
          ...range(OTHERS).map((i) => messageOf(walletEstimate(i))),
          messageOf(walletEstimate(1)),
          messageOf(walletInDollars),
        ],
      ],
      [
        topics.tierChanges,
        [
          ...range(OTHERS).map((i) => messageOf(tierChanged(i))),
          messageOf(tierChanged(3)),
          ...correctionAndUnflagged(tierChanged),
        ],
      ],
      [
        topics.stageChanges,
        [...range(OTHERS).map((i) => messageOf(stageChanged(i))), ...correctionAndUnflagged(stageChanged)],
      ],
      [
        topics.churnRisk,
        [
          ...range(OTHERS).map((i) => messageOf(churnRisk(i))),
          { key: 'x', value: '{"type":"churn-risk"}' },
          ...correctionAndUnflagged(churnRisk),
        ],
      ],
      [
        topics.walletShareChanges,
        [
          ...range(OTHERS).map((i) => messageOf(walletShareChanged(i))),
          ...correctionAndUnflagged(walletShareChanged),
        ],
      ],
      [
        topics.pyramidLevelChanges,
        [
          ...range(OTHERS).map((i) => messageOf(pyramidLevelChanged(i))),
          messageOf(pyramidLevelChanged(5)),
          ...correctionAndUnflagged(pyramidLevelChanged),
        ],
      ],
      [
        topics.deadLetters,
        [
          deadLetterMessage(topics.purchases, 230, Buffer.from('{"type":"purchase",')),
          // The same dead letter again, and one whose bytes are not UTF-8.
          deadLetterMessage(topics.purchases, 230, Buffer.from('{"type":"purchase",')),
          deadLetterMessage(topics.purchases, 231, Buffer.from([0xff, 0xfe, 0x00, 0x41])),
          { key: 'x', value: 'written by someone else', headers: { 'x-dlq-reason': 'nonsense' } },
        ],
      ],
    ];
    const producer = kafka.producer();
    await producer.connect();
    for (const [topic, messages] of send) {
      await producer.send({ topic, messages, acks: -1 });
      sent += messages.length;
    }
    await producer.disconnect();
  });

  afterAll(async () => {
    await sink?.stop();
    await client?.close();
    await cleanup?.();
  });

  it('stores every event once, skips bad input, keeps dead letters, and commits what it wrote', async () => {
    sink = testSink(config, kafka);
    await sink.start();
    const expected = {
      purchases: PURCHASES,
      purchase_lines: expectedLines,
      complaints: OTHERS,
      campaign_responses: OTHERS,
      wallet_estimates: OTHERS,
      tier_changes: OTHERS + 2,
      stage_changes: OTHERS + 2,
      churn_signals: OTHERS + 2,
      wallet_share_changes: OTHERS + 2,
      pyramid_level_changes: OTHERS + 2,
      dead_letters: 3,
      model_fits: 0,
      erasures: 0,
    };
    await waitFor(
      'all messages read and written',
      async () => {
        const stats = sink?.stats();
        if (stats === undefined || stats.messages < sent) return undefined;
        const counts = await dedupedCounts(client);
        return JSON.stringify(counts) === JSON.stringify(expected) ? counts : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(await dedupedCounts(client)).toEqual(expected);
    // Skips are counted per delivery: a rebalance at start may deliver a message twice, so
    // each reason is there at least once and no other reason appears.
    const skipped = sink.stats().skipped;
    expect(Object.keys(skipped).sort()).toEqual([
      'currency_mismatch',
      'empty_message',
      'invalid_json',
      'invalid_output',
    ]);
    for (const count of Object.values(skipped)) expect(count).toBeGreaterThanOrEqual(1);

    const letters = await selectRows<{
      source_offset: string;
      reason: string;
      raw_payload: string;
      payload_encoding: string;
    }>(
      client,
      'SELECT source_offset, reason, raw_payload, payload_encoding FROM dead_letters FINAL ORDER BY source_topic, source_offset',
    );
    expect(letters).toEqual([
      // Someone else's message on the dead-letter topic sorts first: its source is the DLQ itself.
      {
        source_offset: '3',
        reason: 'unreadable_dead_letter',
        raw_payload: 'written by someone else',
        payload_encoding: 'utf8',
      },
      {
        source_offset: '230',
        reason: 'invalid_json',
        raw_payload: '{"type":"purchase",',
        payload_encoding: 'utf8',
      },
      {
        source_offset: '231',
        reason: 'invalid_json',
        raw_payload: Buffer.from([0xff, 0xfe, 0x00, 0x41]).toString('base64'),
        payload_encoding: 'base64',
      },
    ]);

    // The correction flag lands as 1; an event without it (from before it existed) as 0.
    for (const [table, prefix] of [
      ['tier_changes', 't'],
      ['stage_changes', 's'],
      ['churn_signals', 'c'],
      ['wallet_share_changes', 'b'],
      ['pyramid_level_changes', 'l'],
    ]) {
      const flags = await selectRows<{ event_id: string; correction: number }>(
        client,
        `SELECT event_id, correction FROM ${table} FINAL
         WHERE event_id IN ('${prefix}${OTHERS}-correction', '${prefix}${OTHERS + 1}') ORDER BY event_id`,
      );
      expect([table, flags]).toEqual([
        table,
        [
          { event_id: `${prefix}${OTHERS}-correction`, correction: 1 },
          { event_id: `${prefix}${OTHERS + 1}`, correction: 0 },
        ],
      ]);
      const [ordinary] = await selectRows<{ n: string }>(
        client,
        `SELECT count() AS n FROM ${table} FINAL WHERE correction = 0`,
      );
      expect([table, Number(ordinary?.n)]).toEqual([table, OTHERS + 1]);
    }

    // The epoch's cut-offs land one column each.
    const levels = await selectRows<{ new_level: string; value_minor: string; gold_cutoff_minor: string }>(
      client,
      "SELECT new_level, value_minor, gold_cutoff_minor FROM pyramid_level_changes FINAL WHERE event_id = 'l3'",
    );
    expect(levels).toEqual([{ new_level: 'gold', value_minor: '150003', gold_cutoff_minor: '147930' }]);

    // Personal estimates have no segment; a segment's keeps its id.
    const wallets = await selectRows<{ event_id: string; wallet_minor: string; segment_id: string | null }>(
      client,
      "SELECT event_id, wallet_minor, segment_id FROM wallet_estimates FINAL WHERE event_id IN ('w0', 'w1') ORDER BY event_id",
    );
    expect(wallets).toEqual([
      { event_id: 'w0', wallet_minor: '300000', segment_id: null },
      { event_id: 'w1', wallet_minor: '300001', segment_id: 'cell-1' },
    ]);

    const [net] = await selectRows<{ net: string }>(
      client,
      'SELECT sum(net_minor) AS net FROM purchases FINAL',
    );
    // 160 sales of 2999 and 40 returns of 1200.
    expect(Number(net?.net)).toBe(160 * 2999 - 40 * 1200);

    await sink.stop();
    await expectCommittedToEnd(kafka, config.groupId, historyTopics(topics));
  });
});
