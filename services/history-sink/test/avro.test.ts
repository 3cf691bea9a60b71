// Avro through the real registry and broker: the same events of every topic, as Avro (with
// some redelivered as JSON) in one pipeline and as JSON in another, give the same rows in
// ClickHouse; Avro that cannot be decoded is skipped with its reason.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  type AvroEventType,
  avroType,
  frame,
  type RegisteredSchema,
  type Registry,
  registerEventSchemas,
  registryConnection,
} from '@loyalty/avro';
import {
  createClickHouseClient,
  quoteIdentifier,
  quoteString,
  selectRows,
  TABLES,
} from '@loyalty/clickhouse';
import type { TopicNames, TopicRole } from '@loyalty/contracts';
import { waitFor } from '@loyalty/testkit';
import {
  deleteSubjects,
  REGISTRY_START_TIMEOUT_MS,
  sharedRegistryUrl,
} from '@loyalty/testkit/schema-registry';
import { connectKafka } from '@loyalty/testkit/servers';
import type { Kafka, Message } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkConfig } from '../src/config.js';
import type { HistorySink } from '../src/history-sink.js';
import {
  campaignResponse,
  churnRisk,
  complaint,
  linesOf,
  messageOf,
  purchase,
  pyramidLevelChanged,
  stageChanged,
  tierChanged,
  walletEstimate,
  walletShareChanged,
} from './events.js';
import { dedupedCounts, freshSinkSetup, testSink } from './sink-harness.js';

const EVENTS = 40;
const REDELIVERED = 5;

const EVENTS_BY_ROLE: Array<[TopicRole, AvroEventType, (i: number) => { customerId: string }]> = [
  ['purchases', 'purchase', (i) => purchase(i)],
  ['complaints', 'complaint', complaint],
  ['campaignResponses', 'campaign-response', campaignResponse],
  ['walletEstimates', 'wallet-estimate', walletEstimate],
  ['tierChanges', 'tier-changed', tierChanged],
  ['stageChanges', 'stage-changed', stageChanged],
  ['churnRisk', 'churn-risk', churnRisk],
  ['walletShareChanges', 'wallet-share-changed', walletShareChanged],
  ['pyramidLevelChanges', 'pyramid-level-changed', pyramidLevelChanged],
];

interface Pipeline {
  readonly config: SinkConfig;
  readonly topics: TopicNames;
  readonly client: ClickHouseClient;
  readonly cleanup: () => Promise<void>;
  sink?: HistorySink;
  sent: number;
}

let kafka: Kafka;
let registry: Registry;
let registered: RegisteredSchema[] = [];
let avro: Pipeline;
let json: Pipeline;

async function pipeline(registryUrl: string): Promise<Pipeline> {
  const setup = await freshSinkSetup(kafka, { REGISTRY_URL: registryUrl });
  const client = createClickHouseClient(setup.config.clickhouse, setup.config.clickhouse.CLICKHOUSE_DATABASE);
  return { ...setup, client, sent: 0 };
}

async function send(p: Pipeline, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
    p.sent += messages.length;
  } finally {
    await producer.disconnect();
  }
}

function avroMessage(type: AvroEventType, event: { customerId: string }): Message {
  const id = registered.find((r) => r.type === type)?.id;
  if (id === undefined) throw new Error(`no schema registered for ${type}`);
  return { key: event.customerId, value: frame(id, avroType(type).toBuffer(event)) };
}

/** Every row of a table but its ingestion time, in one order. */
async function tableContents(client: ClickHouseClient, database: string, table: string): Promise<unknown[]> {
  const columns = await selectRows<{ name: string }>(
    client,
    `SELECT name FROM system.columns WHERE database = ${quoteString(database)} AND table = ${quoteString(table)} AND name != 'ingested_at' ORDER BY name`,
  );
  const list = columns.map((c) => quoteIdentifier(c.name)).join(', ');
  return selectRows(client, `SELECT ${list} FROM ${quoteIdentifier(table)} FINAL ORDER BY ${list}`);
}

async function written(p: Pipeline, expected: Record<string, number>): Promise<void> {
  await waitFor(
    'every message read and written',
    async () => {
      if ((p.sink?.stats().messages ?? 0) < p.sent) return undefined;
      const counts = await dedupedCounts(p.client);
      return JSON.stringify(counts) === JSON.stringify(expected) ? true : undefined;
    },
    { timeoutMs: 30_000 },
  );
}

beforeAll(async () => {
  const registryUrl = await sharedRegistryUrl();
  registry = registryConnection(registryUrl);
  kafka = await connectKafka();
  [avro, json] = await Promise.all([pipeline(registryUrl), pipeline(registryUrl)]);
  registered = await registerEventSchemas(registry, 'BACKWARD', avro.topics);
}, REGISTRY_START_TIMEOUT_MS);

afterAll(async () => {
  for (const p of [avro, json]) {
    await p?.sink?.stop();
    await p?.client.close();
    await p?.cleanup();
  }
  await deleteSubjects(
    registry.endpoint.baseUrl,
    registered.map((r) => r.subject),
  );
});

describe('history sink with Avro', () => {
  it('stores Avro events as it stores their JSON, once each, and skips what does not decode', {
    timeout: 60_000,
  }, async () => {
    const range = Array.from({ length: EVENTS }, (_, i) => i);
    for (const [role, type, make] of EVENTS_BY_ROLE) {
      const events = range.map(make);
      await send(avro, avro.topics[role], [
        ...events.map((e) => avroMessage(type, e)),
        // The same events again as JSON: a producer that switched formats and redelivered.
        ...events.slice(0, REDELIVERED).map(messageOf),
      ]);
      await send(json, json.topics[role], events.map(messageOf));
    }
    const purchaseBody = avroType('purchase').toBuffer(purchase(0));
    await send(avro, avro.topics.purchases, [{ key: 'cust-0', value: frame(2_000_000_000, purchaseBody) }]);
    const tierId = registered.find((r) => r.type === 'tier-changed')?.id ?? 0;
    const tierBody = avroType('tier-changed').toBuffer(tierChanged(0));
    await send(avro, avro.topics.tierChanges, [
      { key: 'cust-0', value: frame(tierId, tierBody.subarray(0, 9)) },
    ]);

    for (const p of [avro, json]) {
      p.sink = testSink(p.config, kafka);
      await p.sink.start();
    }
    const expected = {
      purchases: EVENTS,
      purchase_lines: range.map(linesOf).reduce((a, b) => a + b, 0),
      complaints: EVENTS,
      campaign_responses: EVENTS,
      wallet_estimates: EVENTS,
      tier_changes: EVENTS,
      stage_changes: EVENTS,
      churn_signals: EVENTS,
      wallet_share_changes: EVENTS,
      pyramid_level_changes: EVENTS,
      dead_letters: 0,
      model_fits: 0,
      erasures: 0,
    };
    await Promise.all([written(avro, expected), written(json, expected)]);

    for (const table of Object.values(TABLES)) {
      const [fromAvro, fromJson] = await Promise.all(
        [avro, json].map((p) => tableContents(p.client, p.config.clickhouse.CLICKHOUSE_DATABASE, table)),
      );
      expect(fromAvro, table).toEqual(fromJson);
    }
    expect(Object.keys(avro.sink?.stats().skipped ?? {}).sort()).toEqual([
      'invalid_output',
      'unknown_schema',
    ]);
  });
});
