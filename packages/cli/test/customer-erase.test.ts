// `loyalty customer erase <id>` against the real stack: Redis state, ClickHouse rows, the audit
// and the customer-erased event, checked by scanning every key and text column for the id.
import type { CustomerValues } from '@loyalty/aggregator';
import { AvroDecoder, isFramed, registryEndpoint } from '@loyalty/avro';
import {
  createClickHouseClient,
  insertRows,
  quoteIdentifier,
  selectRows,
  type TableRows,
} from '@loyalty/clickhouse';
import { clickhouseEnv, erasureEnv, parseEnv } from '@loyalty/config';
import {
  CustomerErasedEventSchema,
  erasureSubject,
  isErasedEvent,
  namespacedTopics,
  topicConfigEntries,
} from '@loyalty/contracts';
import { CustomerStore } from '@loyalty/redis-store';
import { uniqueName } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import {
  connectKafka,
  connectRedis,
  createTopics,
  deleteTopics,
  readAllMessages,
} from '@loyalty/testkit/servers';
import { clickhouseTraces, redisTraces } from '@loyalty/testkit/traces';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T12:00:00.000Z');
const SHARDS = 3;

const prefix = `${uniqueName('cli-erase')}:`;
const namespace = `${uniqueName('cli-erase')}.`;
const topics = namespacedTopics(namespace);
const database = uniqueName('cli_erase', '_');
const env = {
  ...process.env,
  REDIS_KEY_PREFIX: prefix,
  CLICKHOUSE_DATABASE: database,
  LOYALTY_TOPIC_NAMESPACE: namespace,
  LOYALTY_TOPIC_PARTITIONS: String(SHARDS),
  USER: 'tester',
};
const secret = parseEnv(erasureEnv, env).LOYALTY_ERASURE_SECRET;

function loyaltyWith(overrides: Record<string, string | undefined>, ...argv: string[]): Promise<CliRun> {
  return runCli({ ...env, ...overrides }, argv);
}
const loyalty = (...argv: string[]) => loyaltyWith({}, ...argv);

const sale = (customerId: string, n: number, at: number) => ({
  customerId,
  shard: 2,
  entry: {
    kind: 'purchase' as const,
    eventId: `${customerId}-s${n}`,
    at,
    orderId: `o${n}`,
    type: 'sale' as const,
    amountMinor: 40_000,
    categories: ['books'],
  },
});

// A purchase, a tier change, a referral of `referred` and a dead letter, all of `customerId`.
function rowsOf(customerId: string, referred: string | null, offset: number): TableRows {
  const event = { event_id: `${customerId}-e`, customer_id: customerId, occurred_at: '2026-01-05 12:00:00' };
  return {
    purchases: [
      {
        ...event,
        source: 'pos',
        order_id: 'o1',
        kind: 'sale',
        return_of_order_id: null,
        channel: 'pos',
        store_id: null,
        currency: 'EUR',
        total_minor: 40_000,
        discount_minor: 0,
        net_minor: 40_000,
        line_count: 1,
      },
    ],
    tier_changes: [
      {
        ...event,
        correction: 0,
        previous_tier: null,
        new_tier: 'gold',
        direction: 'initial',
        reason: 'spend',
        qualifying_spend_minor: 40_000,
        currency: 'EUR',
      },
    ],
    campaign_responses: [
      {
        ...event,
        source: 'mail',
        campaign_id: 'spring',
        channel: 'email',
        response: referred === null ? 'opened' : 'referred',
        offer_id: null,
        revenue_minor: null,
        referred_customer_id: referred,
        control_group: null,
      },
    ],
    dead_letters: [
      {
        source_topic: topics.purchases,
        source_partition: 2,
        source_offset: String(offset),
        source_timestamp: '2026-01-05 12:00:00',
        reason: 'invalid_json',
        message: 'invalid JSON',
        message_key: customerId,
        raw_payload: `{"customerId":${JSON.stringify(customerId)},`,
        payload_encoding: 'utf8',
        rejected_at: '2026-01-05 12:00:01',
      },
    ],
  };
}

describe('loyalty customer erase', () => {
  let redis: Redis;
  let kafka: Kafka;
  let store: CustomerStore<CustomerValues>;
  const client = createClickHouseClient(parseEnv(clickhouseEnv, env), database);
  const erased = uniqueName('cus_erased', '_');
  const other = uniqueName('cus_other', '_');

  beforeAll(async () => {
    redis = await connectRedis();
    kafka = await connectKafka();
    await createTopics(
      kafka,
      [topics.erasures, { topic: topics.customerState, configEntries: topicConfigEntries('customerState') }],
      SHARDS,
    );
    expect((await loyalty('db', 'migrate')).code).toBe(0);
    store = new CustomerStore<CustomerValues>(redis, {
      prefix,
      maxHistoryEntries: 100,
      erasureSecret: secret,
    });
    await store.applyEvents([sale(erased, 1, T0), sale(erased, 2, T0 + 10 * DAY), sale(other, 1, T0)]);
    await store.saveEvaluations([
      {
        customerId: erased,
        shard: 2,
        evaluation: {
          asOf: T0,
          values: {
            tier: 'gold',
            qualifyingSpendMinor: 80_000,
            stage: 'repeat',
            churn: 'low',
            drivers: [],
          },
        },
        nextDueAt: T0 + 90 * DAY,
      },
    ]);
    for (const rows of [rowsOf(erased, null, 1), rowsOf(other, erased, 2)]) {
      for (const [table, list] of Object.entries(rows)) {
        await insertRows(client, table as keyof TableRows, list as never);
      }
    }
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await deleteTopics(kafka, [topics.erasures, topics.customerState]);
    await client.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
    await client.close();
  });

  it('erases the customer from Redis and ClickHouse, audits it, publishes it, and says so', async () => {
    expect(await redisTraces(redis, `${prefix}*`, erased)).not.toEqual([]);
    expect(await clickhouseTraces(client, erased)).not.toEqual([]);
    const { code, out, err } = await loyalty('customer', 'erase', erased, '--by', 'alice');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`Erased customer "${erased}" at `);
    expect(out).toMatch(/^ {2}redis {7}1 key deleted, 1 timer removed$/m);
    expect(out).toMatch(
      /^ {2}clickhouse {2}4 rows deleted \(purchases 1, campaign_responses 1, tier_changes 1, dead_letters 1\), 1 reference by other customers cleared \(campaign_responses 1\)$/m,
    );
    expect(out).toContain('  checked     no key, timer or row holds the id any more\n');

    // No trace in Redis: no key, field, member or value, and no timer in any shard.
    expect(await redisTraces(redis, `${prefix}*`, erased)).toEqual([]);
    for (let shard = 0; shard < SHARDS; shard++) {
      expect(await store.dueCustomers(shard, Number.POSITIVE_INFINITY, 100)).not.toContain(erased);
    }
    // No trace in ClickHouse, in any text column of any table, the audit included.
    expect(await clickhouseTraces(client, erased)).toEqual([]);
    const [referral] = await selectRows<{ referred_customer_id: string | null }>(
      client,
      `SELECT referred_customer_id FROM campaign_responses WHERE customer_id = '${other}'`,
    );
    expect(referral).toEqual({ referred_customer_id: null });
    expect((await store.loadCustomers([other])).get(other)?.history).toHaveLength(1);

    // The audit names the customer by the keyed hash only, with who, when and what.
    const audit = await selectRows<Record<string, string | number>>(
      client,
      `SELECT step, erased_by, erased_at_ms, redis_keys_deleted, redis_timers_removed, rows_deleted,
              values_cleared, redis_remaining, rows_remaining
       FROM erasures FINAL WHERE subject_hash = '${erasureSubject(secret, erased)}' ORDER BY step`,
    );
    expect(audit.map((r) => [r.step, r.erased_by])).toEqual([
      ['completed', 'alice'],
      ['started', 'alice'],
    ]);
    expect(audit[0]).toMatchObject({
      redis_keys_deleted: 1,
      redis_timers_removed: 1,
      rows_deleted: '4',
      values_cleared: '1',
      redis_remaining: 0,
      rows_remaining: '0',
    });
    const erasedAtMs = Number(audit[0]?.erased_at_ms);

    // The event downstream systems act on, keyed by the customer.
    const messages = await readAllMessages(kafka, topics.erasures);
    expect(messages.map((m) => m.key?.toString())).toEqual([erased]);
    const event = CustomerErasedEventSchema.parse(JSON.parse(String(messages[0]?.value)));
    expect(event).toMatchObject({ customerId: erased, erasedAt: new Date(erasedAtMs).toISOString() });

    // The tombstone on the compacted state topic: subscribers keeping a table drop the customer.
    const states = await readAllMessages(kafka, topics.customerState);
    expect(states.map((m) => [m.key?.toString(), m.value])).toEqual([[erased, null]]);
    expect(out).toContain(`and a tombstone of the customer's state on ${topics.customerState}\n`);

    // The policy at the store: an old event replayed is dropped, a later one starts a new profile.
    const erasedAt = (await store.erasedBefore([erased])).get(erased);
    expect(erasedAt).toBe(erasedAtMs);
    expect(isErasedEvent(T0, erasedAt)).toBe(true);
    expect(isErasedEvent(erasedAtMs + 1, erasedAt)).toBe(false);
    expect(await store.applyEvents([sale(erased, 3, erasedAtMs + 1)])).toEqual(['applied']);
    const profile = await loyalty(
      'customer',
      erased,
      '--json',
      '--at',
      new Date(erasedAtMs + DAY).toISOString(),
    );
    expect(profile.code).toBe(0);
    expect(JSON.parse(profile.out)).toMatchObject({ lastEmitted: null, summary: { saleOrders: 1 } });
  });

  it('erases an unknown customer all the same and says nothing was stored', async () => {
    const unknown = uniqueName('cus_unknown', '_');
    const text = await loyalty('customer', 'erase', unknown);
    expect(text.code).toBe(0);
    expect(text.out).toContain(`Nothing was stored for customer "${unknown}"; erased all the same at `);
    expect(text.out).toContain('(by tester)');
    const json = await loyalty('customer', 'erase', unknown, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      customerId: unknown,
      found: false,
      complete: true,
      redis: { keysDeleted: 0, timersRemoved: 0, remaining: 0 },
      clickhouse: { rowsDeleted: 0, valuesCleared: 0, remaining: 0 },
      published: { topic: topics.erasures, stateTopic: topics.customerState },
    });
  });

  it("erases customers whose ids are common field values, and no other customer's dead letter", async () => {
    const words = ['purchase', 'sale', 'pos', 'email', 'EUR'];
    const letter = (offset: number, key: string | null, payload: object, message = 'invalid') => ({
      source_topic: topics.purchases,
      source_partition: 1,
      source_offset: String(offset),
      source_timestamp: '2026-01-05 12:00:00',
      reason: 'schema_violation',
      message,
      message_key: key,
      raw_payload: JSON.stringify(payload),
      payload_encoding: 'utf8' as const,
      rejected_at: '2026-01-05 12:00:01',
    });
    const sale = (customerId: string) => ({
      type: 'purchase',
      customerId,
      source: 'pos',
      kind: 'sale',
      channel: 'pos',
      currency: 'EUR',
    });
    // Other customers' dead letters: every word as a value, and in the error text.
    const others = [
      letter(100, other, sale(other), 'currency EUR is not the base currency USD'),
      letter(101, other, { ...sale(other), channel: 'email' }, 'unknown type "purchase"'),
      letter(102, `${other}-key`, sale(other), `message key "${other}-key" is not the event's customerId`),
      letter(103, null, { type: 'purchase', note: 'sale pos email EUR' }, 'customerId: required'),
    ];
    // Each word's own: by key, and by the payload under someone else's key.
    const owned = words.flatMap((word, i) => [
      letter(200 + 2 * i, word, sale(word)),
      letter(
        201 + 2 * i,
        `${other}-${i}`,
        sale(word),
        `message key "${other}-${i}" is not the event's customerId`,
      ),
    ]);
    await insertRows(client, 'dead_letters', [...others, ...owned]);

    for (const word of words) {
      const { code, out } = await loyalty('customer', 'erase', '--json', '--', word);
      expect(code).toBe(0);
      const summary = JSON.parse(out);
      expect(summary).toMatchObject({
        customerId: word,
        complete: true,
        clickhouse: { rowsDeleted: 2, valuesCleared: 0, remaining: 0 },
      });
      expect(summary.clickhouse.tables).toContainEqual({
        table: 'dead_letters',
        rowsDeleted: 2,
        valuesCleared: 0,
      });
    }
    const left = await selectRows<{ source_offset: string }>(
      client,
      'SELECT source_offset FROM dead_letters WHERE source_partition = 1 ORDER BY toUInt64(source_offset)',
    );
    expect(left.map((r) => r.source_offset)).toEqual(['100', '101', '102', '103']);
  });

  it('keeps `loyalty customer <id>` for profiles, and `--` for a customer named "erase"', async () => {
    const named = await loyalty('customer', '--', 'erase');
    expect(named.code).toBe(1);
    expect(named.err).toContain('customer "erase" is not known');
    const usage = [
      await loyalty('customer', 'erase'),
      await loyalty('customer', 'erase', 'a', 'b'),
      await loyaltyWith({ USER: undefined }, 'customer', 'erase', 'a'),
    ];
    expect(usage.map((u) => u.code)).toEqual([2, 2, 2]);
    expect(usage.map((u) => u.err.split('\n')[0])).toEqual([
      'loyalty customer: missing customer id; see `loyalty customer --help`',
      'loyalty customer: unexpected argument "b"; see `loyalty customer --help`',
      'loyalty customer: say who erases with --by <operator> (it defaults to USER, which is not set); see `loyalty customer --help`',
    ]);
  });

  it('publishes the erasure as Avro with LOYALTY_OUTPUT_FORMAT=avro, once its schema is registered', {
    timeout: REGISTRY_START_TIMEOUT_MS,
  }, async () => {
    const registryUrl = await sharedRegistryUrl();
    const avro = { LOYALTY_OUTPUT_FORMAT: 'avro', REGISTRY_URL: registryUrl };
    const customer = uniqueName('cus_avro', '_');
    const unregistered = await loyaltyWith(avro, 'customer', 'erase', customer);
    expect(unregistered.code).not.toBe(0);
    expect(unregistered.err).toContain('loyalty schemas register');
    const audited = await selectRows(
      client,
      `SELECT step FROM erasures WHERE subject_hash = '${erasureSubject(secret, customer)}'`,
    );
    expect(audited, 'nothing done before the event can be published').toEqual([]);

    expect((await loyaltyWith(avro, 'schemas', 'register')).code).toBe(0);
    try {
      const { code, err } = await loyaltyWith(avro, 'customer', 'erase', customer);
      expect(err).toBe('');
      expect(code).toBe(0);
      const [message] = (await readAllMessages(kafka, topics.erasures)).filter(
        (m) => m.key?.toString() === customer,
      );
      expect(message?.value != null && isFramed(message.value)).toBe(true);
      const decoding = await new AvroDecoder(registryEndpoint(registryUrl)).prepare([
        message ?? { value: null },
      ]);
      const decoded = decoding.decodeValue(message?.value ?? null);
      expect(decoded.ok && CustomerErasedEventSchema.parse(decoded.value)).toMatchObject({
        customerId: customer,
      });
      // A tombstone is a null value in either format.
      const states = (await readAllMessages(kafka, topics.customerState)).filter(
        (m) => m.key?.toString() === customer,
      );
      expect(states.map((m) => m.value)).toEqual([null]);
    } finally {
      const subjects = Object.values(topics).map((topic) => `${topic}-value`);
      await deleteSubjects(registryUrl, subjects);
    }
  });
});
