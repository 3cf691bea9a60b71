// The erasure policy in the sink: after a customer's erasure, their events from before it are
// not written (tombstones from the audit table at start, from customer-erased events, and
// from the periodic refresh), while their later events and everyone else's are.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  type ErasureRow,
  migrate,
  openDatabase,
  recordErasureStep,
  selectRows,
  toClickHouseDateTime,
} from '@loyalty/clickhouse';
import { customerErasedEvent, erasureSubject, type TopicNames } from '@loyalty/contracts';
import { uniqueName, waitFor } from '@loyalty/testkit';
import { connectKafka } from '@loyalty/testkit/servers';
import type { Kafka, Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkConfig } from '../src/config.js';
import type { HistorySink } from '../src/history-sink.js';
import { deadLetterMessage, messageOf, purchase, tierChanged } from './events.js';
import { freshSinkSetup, testSink } from './sink-harness.js';

const BASE_MS = Date.parse('2026-03-01T10:00:00.000Z');
const ERASED_AT = BASE_MS + 10 * 60_000;

/** An event of the builders in events.ts, moved to another customer and time. */
function moved<E extends { customerId: string; occurredAt: string }>(
  event: E,
  customerId: string,
  atMs: number,
): E {
  return { ...event, customerId, occurredAt: new Date(atMs).toISOString() };
}

describe('history sink and erased customers', () => {
  let kafka: Kafka;
  let topics: TopicNames;
  let config: SinkConfig;
  let cleanup: () => Promise<void>;
  let client: ClickHouseClient;
  let sink: HistorySink | undefined;
  let sent = 0;
  const erased = uniqueName('cus_erased');
  const other = uniqueName('cus_other');

  function started(customerId: string, erasedAtMs: number): ErasureRow {
    return {
      subject_hash: erasureSubject(config.erasure.secret, customerId),
      erased_at_ms: erasedAtMs,
      erased_at: toClickHouseDateTime(erasedAtMs),
      step: 'started',
      erased_by: 'tester',
      redis_keys_deleted: 0,
      redis_timers_removed: 0,
      rows_deleted: 0,
      values_cleared: 0,
      redis_remaining: 0,
      rows_remaining: 0,
    };
  }

  async function send(topic: string, messages: Message[]): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages });
      sent += messages.length;
    } finally {
      await producer.disconnect();
    }
  }

  async function purchaseIds(customerId: string): Promise<string[]> {
    const rows = await selectRows<{ event_id: string }>(
      client,
      `SELECT event_id FROM purchases FINAL WHERE customer_id = '${customerId}' ORDER BY event_id`,
    );
    return rows.map((r) => r.event_id);
  }

  const allRead = () =>
    waitFor('every message read and written', () => {
      const stats = sink?.stats();
      return stats !== undefined && stats.messages >= sent && stats.rowsWritten > 0 ? stats : undefined;
    });

  beforeAll(async () => {
    kafka = await connectKafka();
    ({ topics, config, cleanup } = await freshSinkSetup(kafka, { SINK_ERASURE_REFRESH_MS: '200' }));
    client = await openDatabase(config.clickhouse);
    await migrate(client);
    // Erased before the sink starts: it must know at once, before it reads anything.
    await recordErasureStep(client, started(erased, ERASED_AT));
    sink = testSink(config, kafka);
    await sink.start();
  });

  afterAll(async () => {
    await sink?.stop();
    await client?.close();
    await cleanup?.();
  });

  it("skips the erased customer's events up to the erasure time and writes the later ones", async () => {
    await send(topics.purchases, [
      messageOf(moved(purchase(1, 'old'), erased, BASE_MS)),
      messageOf(moved(purchase(2, 'at'), erased, ERASED_AT)),
      messageOf(moved(purchase(3, 'new'), erased, ERASED_AT + 60_000)),
      messageOf(moved(purchase(4, 'else'), other, BASE_MS)),
    ]);
    await send(topics.tierChanges, [messageOf(moved(tierChanged(5), erased, BASE_MS))]);
    await send(topics.deadLetters, [
      { ...deadLetterMessage(topics.purchases, 9, Buffer.from('{')), key: erased },
    ]);
    await allRead();
    // Read and decided; the rows of one customer go in one insert.
    await waitFor('the rows written', async () =>
      (await purchaseIds(other)).length > 0 && (await purchaseIds(erased)).length > 0 ? true : undefined,
    );
    expect(await purchaseIds(erased)).toEqual(['new3']);
    expect(await purchaseIds(other)).toEqual(['else4']);
    const [tiers] = await selectRows<{ n: string }>(
      client,
      `SELECT count() AS n FROM tier_changes WHERE customer_id = '${erased}'`,
    );
    const [letters] = await selectRows<{ n: string }>(
      client,
      `SELECT count() AS n FROM dead_letters WHERE message_key = '${erased}'`,
    );
    expect([Number(tiers?.n), Number(letters?.n)]).toEqual([0, 0]);
    expect(sink?.stats().skipped.erased_customer).toBe(4);
  });

  it('learns an erasure from a customer-erased event at once', async () => {
    const late = uniqueName('cus_late');
    const event = customerErasedEvent(late, ERASED_AT);
    await send(topics.erasures, [{ key: late, value: JSON.stringify(event) }]);
    await waitFor('the erasure noticed', () =>
      sink?.stats().skipped.erasure_notice === 1 ? true : undefined,
    );
    await send(topics.purchases, [messageOf(moved(purchase(6, 'late'), late, BASE_MS))]);
    await waitFor('the old event skipped', () =>
      sink?.stats().skipped.erased_customer === 5 ? true : undefined,
    );
    expect(await purchaseIds(late)).toEqual([]);
  });

  it('learns an erasure recorded while running at the next refresh', async () => {
    const known = sink?.stats().tombstones ?? 0;
    const later = uniqueName('cus_later');
    await recordErasureStep(client, started(later, ERASED_AT));
    await waitFor('the refresh', () => ((sink?.stats().tombstones ?? 0) > known ? true : undefined), {
      timeoutMs: 30_000,
    });
    await send(topics.purchases, [messageOf(moved(purchase(7, 'later'), later, BASE_MS))]);
    await waitFor('the old event skipped', () =>
      sink?.stats().skipped.erased_customer === 6 ? true : undefined,
    );
    expect(await purchaseIds(later)).toEqual([]);
  });
});
