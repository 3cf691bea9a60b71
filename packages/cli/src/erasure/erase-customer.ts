import type { ClickHouseClient } from '@clickhouse/client';
import {
  type ErasureRow,
  eraseCustomerRows,
  recordErasureStep,
  type TableErasure,
  toClickHouseDateTime,
} from '@loyalty/clickhouse';
import { type CustomerErasedEvent, customerErasedEvent, erasureSubject } from '@loyalty/contracts';
import type { RedisConnection } from '@loyalty/redis-store';
import { CustomerStore } from '@loyalty/redis-store';
import { type Kafka, Partitioners, type TopicMessages } from 'kafkajs';

/** Who erases which customer, when, and where the customer's data lives. */
export interface ErasureRequest {
  readonly customerId: string;
  readonly erasedBy: string;
  readonly erasedAtMs: number;
  readonly secret: string;
  readonly redisPrefix: string;
  /** The partitions of the input topics: the aggregator keeps one due set per partition number. */
  readonly shardCount: number;
  /** The erasures topic (namespaced). */
  readonly topic: string;
  /** The current-state topic (namespaced), which gets the customer's tombstone. */
  readonly stateTopic: string;
}

/** Encodes the customer-erased event for the erasures topic. */
export type ErasureEventEncoder = (event: CustomerErasedEvent) => Buffer | Promise<Buffer>;

/** Where the erasure works. */
export interface ErasureConnections {
  readonly clickhouse: ClickHouseClient;
  readonly redis: RedisConnection;
  readonly kafka: Kafka;
  /** LOYALTY_OUTPUT_FORMAT's encoder of the published event (default: JSON). */
  readonly encodeEvent?: ErasureEventEncoder;
}

const jsonEvent: ErasureEventEncoder = (event) => Buffer.from(JSON.stringify(event));

/** What an erasure did, as the command reports it; the customer id is the operator's own input. */
export interface ErasureSummary {
  readonly customerId: string;
  /** The keyed hash naming the customer in the audit and the tombstones. */
  readonly subject: string;
  readonly erasedAt: string;
  readonly erasedBy: string;
  readonly redis: {
    readonly keysDeleted: number;
    readonly timersRemoved: number;
    readonly remaining: number;
  };
  readonly clickhouse: {
    readonly tables: readonly TableErasure[];
    readonly rowsDeleted: number;
    readonly valuesCleared: number;
    readonly remaining: number;
  };
  /** The customer-erased event on `topic`, and the tombstone on `stateTopic`. */
  readonly published: { readonly topic: string; readonly eventId: string; readonly stateTopic: string };
  /** Whether anything of the customer was found and removed. */
  readonly found: boolean;
  /** Whether the final check found the id nowhere. */
  readonly complete: boolean;
}

async function publish(kafka: Kafka, encode: ErasureEventEncoder, request: ErasureRequest): Promise<string> {
  const { customerId, erasedAtMs } = request;
  const event = customerErasedEvent(customerId, erasedAtMs);
  const value = await encode(event);
  await send(kafka, [
    { topic: request.topic, messages: [{ key: customerId, value }] },
    stateTombstone(request),
  ]);
  return event.eventId;
}

// The tombstone: compaction then removes the customer's state, and a subscriber that keeps a
// table of the topic deletes its row (a repeat deletes nothing more).
function stateTombstone({ stateTopic, customerId }: ErasureRequest): TopicMessages {
  return { topic: stateTopic, messages: [{ key: customerId, value: null }] };
}

async function send(kafka: Kafka, topicMessages: TopicMessages[]): Promise<void> {
  // Not idempotent, so that a command gives up rather than retrying without end; a repeat
  // after a lost acknowledgement carries the same event id, which consumers drop.
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    maxInFlightRequests: 1,
    // Java's murmur2 partitioner: the event lands where the customer's other events do.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.sendBatch({ acks: -1, topicMessages });
  } finally {
    await producer.disconnect();
  }
}

/**
 * Erases a customer everywhere, in an order that keeps the pipeline from bringing them back:
 * the audit's 'started' row (the history sink's tombstone) first, then the Redis state with
 * its tombstone (the aggregator's), the customer-erased event (downstream systems, and the
 * sink at once) with the tombstone of the customer's state, the ClickHouse rows, a second Redis pass for an event the aggregator applied
 * meanwhile, a check that the id is left nowhere, and the audit's 'completed' row.
 */
export async function eraseCustomer(
  request: ErasureRequest,
  { clickhouse, redis, kafka, encodeEvent }: ErasureConnections,
): Promise<ErasureSummary> {
  const { customerId, erasedAtMs, shardCount } = request;
  const subject = erasureSubject(request.secret, customerId);
  const step = (name: ErasureRow['step'], counts: Partial<ErasureRow> = {}): ErasureRow => ({
    subject_hash: subject,
    erased_at_ms: erasedAtMs,
    erased_at: toClickHouseDateTime(erasedAtMs),
    step: name,
    erased_by: request.erasedBy,
    redis_keys_deleted: 0,
    redis_timers_removed: 0,
    rows_deleted: 0,
    values_cleared: 0,
    redis_remaining: 0,
    rows_remaining: 0,
    ...counts,
  });

  await recordErasureStep(clickhouse, step('started'));
  const store = new CustomerStore(redis, {
    prefix: request.redisPrefix,
    maxHistoryEntries: 1,
    erasureSecret: request.secret,
  });
  const first = await store.erase(customerId, erasedAtMs, shardCount);
  const eventId = await publish(kafka, encodeEvent ?? jsonEvent, request);
  const rows = await eraseCustomerRows(clickhouse, customerId, subject);
  const second = await store.erase(customerId, erasedAtMs, shardCount);
  // The aggregator wrote the customer again in between (an evaluation under way at the first
  // pass): it may have published their state after the tombstone, so send the tombstone again.
  if (second.keysDeleted > 0) await send(kafka, [stateTombstone(request)]);
  const redisRemaining = await store.traces(customerId, shardCount);

  const keysDeleted = first.keysDeleted + second.keysDeleted;
  const timersRemoved = first.timersRemoved + second.timersRemoved;
  const rowsDeleted = rows.tables.reduce((sum, t) => sum + t.rowsDeleted, 0);
  const valuesCleared = rows.tables.reduce((sum, t) => sum + t.valuesCleared, 0);
  await recordErasureStep(
    clickhouse,
    step('completed', {
      redis_keys_deleted: keysDeleted,
      redis_timers_removed: timersRemoved,
      rows_deleted: rowsDeleted,
      values_cleared: valuesCleared,
      redis_remaining: redisRemaining,
      rows_remaining: rows.rowsRemaining,
    }),
  );
  return {
    customerId,
    subject,
    erasedAt: new Date(erasedAtMs).toISOString(),
    erasedBy: request.erasedBy,
    redis: { keysDeleted, timersRemoved, remaining: redisRemaining },
    clickhouse: { tables: rows.tables, rowsDeleted, valuesCleared, remaining: rows.rowsRemaining },
    published: { topic: request.topic, eventId, stateTopic: request.stateTopic },
    found: keysDeleted + timersRemoved + rowsDeleted + valuesCleared > 0,
    complete: redisRemaining === 0 && rows.rowsRemaining === 0,
  };
}
