// The shared ground of the aggregator's equivalence tests: one simulated year of shop
// traffic, the independent reference outcome for it, and the ways a test delivers it,
// watches the consumer group and collects what the pipeline ended with.
import { AvroDecoder, avroType, frame, type RegisteredSchema, registryEndpoint } from '@loyalty/avro';
import { parseEnv, registryEnv } from '@loyalty/config';
import {
  INPUT_EVENT_TYPES,
  type InputEventType,
  inputTopicNames,
  inputTypeOfTopic,
  parseInputMessage,
  TOPICS,
  type TopicNames,
} from '@loyalty/contracts';
import { DEFAULT_RULES, mergeBucketCounts } from '@loyalty/core';
import { lagOf, groupProgress as partitionProgress } from '@loyalty/kafka';
import { generateTraffic } from '@loyalty/simulator';
import { readAllMessages } from '@loyalty/testkit/servers';
import { spawnService } from '@loyalty/testkit/service-process';
import type { Kafka } from 'kafkajs';
import { expect } from 'vitest';
import type { Aggregator } from '../src/aggregator.js';
import type { CustomerValues } from '../src/customer-values.js';
import type { Harness } from './harness.js';
import { type LogMessage, type Reference, referenceOutcome } from './reference.js';

export const CUSTOMERS = Number(process.env.AGGREGATOR_TEST_CUSTOMERS ?? 600);
export const LATENESS_MS = 6 * 3_600_000;
const PARSER = { baseCurrency: 'EUR', maxMessageBytes: 65_536, maxFutureSkewMs: 300_000 };

/** A deterministic PRNG for the test's own choices (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Timed extends LogMessage {
  readonly at: number;
}

export const generated: Timed[] = [];
for (const message of generateTraffic({
  seed: 7,
  customers: CUSTOMERS,
  start: '2025-01-01',
  durationDays: 365,
  malformedShare: 0.01,
  duplicateShare: 0,
})) {
  generated.push({ topic: message.topic, key: message.key, value: message.value, at: message.occurredAtMs });
}
export const END = Math.max(...generated.map((m) => m.at)) + 1;
/** The reference outcome of the generated log with every shard's watermark at `end`. */
export function referenceAt(end: number): Reference {
  return referenceOutcome(generated, DEFAULT_RULES, end, { ...PARSER, nowMs: Date.now() });
}
export const reference: Reference = referenceAt(END);

function toTopic(topics: TopicNames, production: string): string {
  const role = (Object.keys(TOPICS) as Array<keyof typeof TOPICS>).find((r) => TOPICS[r] === production);
  if (role === undefined) throw new Error(`generator wrote to an unknown topic ${production}`);
  return topics[role];
}

/** A producer's Avro schema for one input type: its registered id and its encoding. */
export interface AvroWriter {
  readonly type: InputEventType;
  readonly id: number;
  encode(json: unknown): Buffer;
}

/** Writers of the published schemas (schemas/avro) as registered. */
export function publishedWriters(registered: readonly RegisteredSchema[]): AvroWriter[] {
  return registered.flatMap(({ type, id }) =>
    (INPUT_EVENT_TYPES as readonly string[]).includes(type)
      ? [{ type: type as InputEventType, id, encode: (json: unknown) => avroType(type).toBuffer(json) }]
      : [],
  );
}

/**
 * The log with a share of its messages re-encoded as Avro, each by one of its type's writers
 * picked at random: those whose JSON fits its contract and the size limit (the limit is on
 * bytes on the wire, and the compact Avro copy of a too-large JSON event would fit under it).
 * The rest stay as they are.
 */
export function withAvro(
  log: readonly Timed[],
  writers: readonly AvroWriter[],
  share: number,
  random: () => number,
): { log: Timed[]; avroCount: number } {
  let avroCount = 0;
  const mixed = log.map((message) => {
    const type = inputTypeOfTopic(message.topic, TOPICS) as InputEventType | undefined;
    if (type === undefined || message.value.length > PARSER.maxMessageBytes || random() >= share)
      return message;
    // Only what the parser accepts: Avro would mend some defects (a lone surrogate becomes U+FFFD
    // in its UTF-8), turning a message the reference rejects into one the aggregator applies.
    if (!parseInputMessage(message.value, { topic: message.topic }, { ...PARSER, nowMs: Date.now() }).ok)
      return message;
    const json: unknown = JSON.parse(message.value.toString('utf8'));
    const choices = writers.filter((w) => w.type === type);
    const writer = choices[Math.floor(random() * choices.length)];
    if (writer === undefined) throw new Error(`no Avro writer for ${type}`);
    avroCount++;
    // A contract-valid event that Avro cannot carry is a defect of schemas/avro: let it throw.
    return { ...message, value: frame(writer.id, writer.encode(json)) };
  });
  return { log: mixed, avroCount };
}

export async function produceLog(h: Harness, log: readonly Timed[]): Promise<void> {
  // One topic at a time would reorder across topics; keep arrival order by sending in slices.
  for (let i = 0; i < log.length; i += 2_000) {
    const byTopic = new Map<string, Array<{ key: string; value: Buffer }>>();
    for (const m of log.slice(i, i + 2_000)) {
      const topic = toTopic(h.topics, m.topic);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { key: m.key, value: m.value }]);
    }
    for (const [topic, messages] of byTopic) await h.produce(topic, messages);
  }
}

/** How many input messages the group has committed, of how many there are, over every input topic. */
export async function groupProgress(
  kafka: Kafka,
  groupId: string,
  topics: TopicNames,
): Promise<{ committed: number; total: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const progress = await partitionProgress(admin, groupId, inputTopicNames(topics));
    const total = progress.reduce((sum, p) => sum + Number(p.high - p.low), 0);
    return { committed: total - lagOf(progress), total };
  } finally {
    await admin.disconnect();
  }
}

export async function groupCaughtUp(kafka: Kafka, groupId: string, topics: TopicNames): Promise<boolean> {
  const { committed, total } = await groupProgress(kafka, groupId, topics);
  return committed >= total;
}

// Outputs are JSON unless a test asks for Avro; this reads either (JSON never asks the registry).
const outputDecoder = new AvroDecoder(registryEndpoint(parseEnv(registryEnv, process.env).REGISTRY_URL));

function eventIdOf(value: unknown): string {
  if (
    typeof value !== 'object' ||
    value === null ||
    !('eventId' in value) ||
    typeof value.eventId !== 'string'
  )
    throw new Error(`an output event without an eventId: ${JSON.stringify(value)}`);
  return value.eventId;
}

/** Advances every shard to `end` and collects the emitted ids and the stored values. */
export async function outcome(
  h: Harness,
  aggregator: Aggregator,
  end = END,
): Promise<{
  eventIds: Set<string>;
  emitted: number;
  values: Map<string, CustomerValues | undefined>;
  pyramid: Map<number, number>;
  pyramidLevels: Map<string, string>;
}> {
  await aggregator.advanceWatermarks(end, [0, 1, 2]);
  const outputs = (
    await Promise.all(
      [
        h.topics.tierChanges,
        h.topics.stageChanges,
        h.topics.churnRisk,
        h.topics.walletShareChanges,
        h.topics.pyramidLevelChanges,
      ].map((t) => readAllMessages(h.kafka, t)),
    )
  ).flat();
  const decoding = await outputDecoder.prepare(outputs);
  const eventIds = new Set(
    outputs.map((m) => {
      const decoded = decoding.decodeValue(m.value);
      if (!decoded.ok) throw new Error(`an output the test cannot read: ${decoded.message}`);
      return eventIdOf(decoded.value);
    }),
  );
  const customers = [...reference.values.keys()];
  const states = await h.store.loadCustomers(customers);
  const values = new Map(
    customers.map((id) => {
      const stored = states.get(id)?.evaluation?.values;
      if (stored === undefined) return [id, undefined] as const;
      // What subscribers were told beyond the values depends on arrival: the reference has none.
      const { announced: _announced, ...evaluated } = stored;
      return [id, evaluated] as const;
    }),
  );
  const pyramid = mergeBucketCounts(await h.store.pyramidCounts(3));
  const pyramidLevels = new Map<string, string>();
  for (const shard of [0, 1, 2]) {
    const levels = await h.store.epochs.levels(shard, customers);
    levels.forEach((level, i) => {
      const id = customers[i];
      if (level !== undefined && id !== undefined) pyramidLevels.set(id, level.level);
    });
  }
  return { eventIds, emitted: outputs.length, values, pyramid, pyramidLevels };
}

export function expectReference(result: {
  eventIds: Set<string>;
  values: Map<string, unknown>;
  pyramid: Map<number, number>;
  pyramidLevels: Map<string, string>;
}): void {
  expect(result.values).toEqual(reference.values);
  expect(result.pyramid, 'the pyramid sketch merged over the shards').toEqual(reference.pyramid);
  expect(result.pyramidLevels, 'the pyramid levels announced at the last epoch').toEqual(
    reference.pyramidLevels,
  );
  const expected = new Set([...reference.eventIds, ...reference.pyramidEventIds]);
  const missing = [...expected].filter((id) => !result.eventIds.has(id));
  const extra = [...result.eventIds].filter((id) => !expected.has(id));
  expect({ missing: missing.length, extra: extra.length }).toEqual({ missing: 0, extra: 0 });
}

/**
 * The aggregator as a process of its own, in replay mode on the harness's names: one worker
 * unless `env` sets AGGREGATOR_WORKERS. With more, a SIGKILL to the supervisor ends its workers
 * at once too (they exit when its IPC channel closes), so "kill -9 the aggregator" keeps its
 * meaning; but it logs that it started only once every worker consumes, and by then the first
 * worker may have consumed a small log whole, leaving nothing for a kill to interrupt.
 */
export function spawnAggregator(h: Harness, env: Record<string, string>, fetchBytes = 1_048_576) {
  const service = spawnService('services/aggregator/src/main.ts', {
    AGGREGATOR_WORKERS: '1',
    ...env,
    REDIS_KEY_PREFIX: h.prefix,
    AGGREGATOR_GROUP_ID: h.groupId,
    AGGREGATOR_MODE: 'replay',
    AGGREGATOR_LATENESS_MS: String(LATENESS_MS),
    LOYALTY_TOPIC_NAMESPACE: h.namespace,
    LOG_LEVEL: 'info',
    AGGREGATOR_HTTP_PORT: '0',
    AGGREGATOR_FETCH_BYTES: String(fetchBytes),
    // A killed member is noticed after the session timeout; the broker's minimum keeps restarts quick.
    AGGREGATOR_SESSION_TIMEOUT_MS: '6000',
  });
  return {
    child: service.child,
    exited: service.exited,
    started: service.waitForLog('aggregator started', 60_000),
  };
}
