// Latency of the live aggregator at a fixed input rate, on topics of its own that use
// LogAppendTime, so both ends of every measurement are the broker's append times:
//  - apply: an input's append time to the first poll showing its offset committed by the
//    aggregator's group (committed only after its Redis writes and outputs were acknowledged);
//  - tier change: an input's append time to the append time of the tier change it causes,
//    less the allowed lateness (the change is due at the input's event time, "now", and may
//    be emitted only once the watermark, wall clock minus lateness, passes it).

import { setTimeout as sleep } from 'node:timers/promises';
import { INPUT_TOPICS } from '@loyalty/contracts';
import { generateTraffic } from '@loyalty/simulator';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { createPipelineTopics, type PipelineNames } from '../demo/fresh-pipeline.js';
import { type Instrumentation, startAggregator } from '../demo/pipeline-services.js';
import { pollUntil } from '../demo/poll-until.js';
import type { RunReporter } from '../demo/progress.js';
import { CommitWatcher } from './commit-watcher.js';
import { producePaced, type SentMessage } from './paced-producer.js';
import { type Percentiles, percentiles } from './percentiles.js';

export interface LatencySettings {
  readonly eventsPerSecond: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly latenessMs: number;
  readonly commitPollMs: number;
  readonly partitions: number;
  readonly seed: number;
  readonly logFile: string;
  readonly instrumentation?: Instrumentation;
}

export interface LatencyResult {
  readonly eventsSent: number;
  readonly achievedEventsPerS: number;
  /** Input append time to offset committed, after the warm-up. */
  readonly applyMs: Percentiles | null;
  /** Input append time to the caused tier change's append time, less the lateness, after the warm-up. */
  readonly tierChangeBeyondLatenessMs: Percentiles | null;
}

/** A year of history per customer is about nine events; enough customers that the run never runs dry. */
const EVENTS_PER_CUSTOMER = 6;
/** Timer sweeps of the live aggregator (its default interval) plus a margin, after the lateness. */
const SWEEP_MARGIN_MS = 3_000;

/** Runs the live aggregator under a fixed rate of fresh traffic and measures both latencies. */
export async function measureLatency(
  kafka: Kafka,
  admin: Admin,
  names: PipelineNames,
  settings: LatencySettings,
  reporter: RunReporter,
  guard: () => void,
): Promise<LatencyResult> {
  await createPipelineTopics(admin, names, settings.partitions, [
    { name: 'message.timestamp.type', value: 'LogAppendTime' },
  ]);
  const aggregator = await startAggregator(
    names,
    { mode: 'live', latenessMs: settings.latenessMs, logFile: settings.logFile },
    settings.instrumentation,
  );
  const inputTopics = INPUT_TOPICS.map((topic) => `${names.namespace}${topic}`);
  const watcher = new CommitWatcher(admin, names.aggregatorGroup, inputTopics, settings.commitPollMs);
  const producer = kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1 });
  const running = () => {
    guard();
    aggregator.check();
    watcher.check();
  };
  let sent: SentMessage[];
  let tierChanges: KafkaMessage[];
  try {
    await producer.connect();
    watcher.start();
    const total = settings.eventsPerSecond * settings.seconds;
    reporter.step(
      `latency: ${settings.eventsPerSecond.toLocaleString('en')} events/s for ${settings.seconds} s`,
    );
    const traffic = generateTraffic({
      seed: settings.seed,
      customers: Math.ceil(total / EVENTS_PER_CUSTOMER),
      durationDays: 365,
    });
    sent = await producePaced(producer, traffic, {
      eventsPerSecond: settings.eventsPerSecond,
      seconds: settings.seconds,
      namespace: names.namespace,
      partitions: settings.partitions,
      guard: running,
    });
    const ends = new Map<string, bigint>();
    for (const m of sent) {
      const key = `${m.topic}:${m.partition}`;
      if ((ends.get(key) ?? -1n) < m.offset + 1n) ends.set(key, m.offset + 1n);
    }
    await pollUntil(
      'the aggregator to commit every event of the latency run',
      () => (watcher.reached(ends) ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 50, guard: running },
    );
    await sleep(settings.latenessMs + SWEEP_MARGIN_MS);
    running();
    tierChanges = await readTopic(kafka, admin, `${names.id}.tier-reader`, names.topics.tierChanges);
  } catch (error) {
    await aggregator.kill();
    throw error;
  } finally {
    await watcher.stop();
    await producer.disconnect();
  }
  await aggregator.stop();
  return summarise(sent, watcher, tierChanges, settings);
}

function summarise(
  sent: readonly SentMessage[],
  watcher: CommitWatcher,
  tierChanges: readonly KafkaMessage[],
  settings: LatencySettings,
): LatencyResult {
  const firstAt = sent[0]?.appendedAt ?? 0;
  const lastAt = sent.at(-1)?.appendedAt ?? firstAt;
  const measuredFrom = firstAt + settings.warmupSeconds * 1_000;
  const measured = sent.filter((m) => m.appendedAt >= measuredFrom);
  const apply = measured.flatMap((m) => {
    const at = watcher.committedAt(m.topic, m.partition, m.offset);
    return at === undefined ? [] : [at - m.appendedAt];
  });
  // The input that caused a tier change: same customer, event time equal to the change's.
  const causes = new Map<string, number>();
  for (const m of measured) {
    const key = `${m.customerId}|${m.occurredAtMs}`;
    causes.set(key, Math.min(causes.get(key) ?? m.appendedAt, m.appendedAt));
  }
  const tier = tierChanges.flatMap((message) => {
    const change = JSON.parse(String(message.value)) as { customerId: string; occurredAt: string };
    const cause = causes.get(`${change.customerId}|${Date.parse(change.occurredAt)}`);
    return cause === undefined ? [] : [Number(message.timestamp) - cause - settings.latenessMs];
  });
  return {
    eventsSent: sent.length,
    achievedEventsPerS: Math.round(sent.length / Math.max((lastAt - firstAt) / 1000, 0.001)),
    applyMs: percentiles(apply),
    tierChangeBeyondLatenessMs: percentiles(tier),
  };
}

/** Every message `topic` holds now, read by a consumer group of the run. */
async function readTopic(
  kafka: Kafka,
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<KafkaMessage[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const total = ends.reduce((sum, end) => sum + Number(BigInt(end.high) - BigInt(end.low)), 0);
  const messages: KafkaMessage[] = [];
  if (total === 0) return messages;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        messages.push(...batch.messages);
      },
    });
    await pollUntil(`${total} messages on ${topic}`, () => (messages.length >= total ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}
