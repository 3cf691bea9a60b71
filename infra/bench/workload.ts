// The bench's fixed workload: the first N events of the simulator's history for C
// customers, ending now, written into fresh topics as fast as the broker takes them.
import {
  createTrafficProducer,
  estimateMessageCount,
  type GeneratedMessage,
  generateTraffic,
  type TrafficOptions,
  writeToKafka,
} from '@loyalty/simulator';
import type { Kafka } from 'kafkajs';
import type { RunReporter } from '../demo/progress.js';

export interface Workload {
  readonly events: number;
  /** Distinct customers with at least one event. */
  readonly customers: number;
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  /** Up to 1,000 customer ids spread over the workload (early and late arrivals), for sampling their stored state. */
  readonly sampleCustomerIds: readonly string[];
  readonly produceMs: number;
}

const DAY_MS = 86_400_000;
const SAMPLE = 1_000;
/** Messages per produce request: large requests, so generating rather than the broker round trip sets the pace. */
const BATCH_SIZE = 2_000;

/**
 * The simulated period long enough that `customers` yield at least `events` events: the
 * event count grows with the period, so the estimate for a year scales (with 10% to spare).
 */
function workloadDays(events: number, customers: number, seed: number): number {
  const perYear = estimateMessageCount({ seed, customers, durationDays: 365 });
  return Math.min(3_650, Math.ceil((365 * events * 1.1) / Math.max(perYear, 1)));
}

/** The first `events` messages of a simulated history ending now, with the customers they touch. */
function* takeEvents(
  traffic: TrafficOptions,
  events: number,
  customers: Set<string>,
): Generator<GeneratedMessage> {
  let taken = 0;
  for (const message of generateTraffic(traffic)) {
    if (taken >= events) return;
    customers.add(message.key);
    taken += 1;
    yield message;
  }
}

/** Writes the workload into the input topics under `namespace`. */
export async function produceWorkload(
  kafka: Kafka,
  namespace: string,
  { events, customers, seed }: { events: number; customers: number; seed: number },
  reporter: RunReporter,
): Promise<Workload> {
  const durationDays = workloadDays(events, customers, seed);
  const toMs = Date.now();
  const fromMs = toMs - durationDays * DAY_MS;
  const traffic: TrafficOptions = { seed, customers, start: new Date(fromMs).toISOString(), durationDays };
  const touched = new Set<string>();
  const producer = createTrafficProducer(kafka);
  await producer.connect();
  const progress = reporter.progress('produce workload', events);
  const startedAt = Date.now();
  try {
    const summary = await writeToKafka(producer, takeEvents(traffic, events, touched), {
      batchSize: BATCH_SIZE,
      topicFor: (topic) => `${namespace}${topic}`,
      onProgress: ({ written }) => progress.update(written),
    });
    if (summary.messages < events) {
      throw new Error(`the simulator yielded ${summary.messages} events, fewer than the ${events} asked for`);
    }
  } finally {
    progress.done();
    await producer.disconnect();
  }
  return {
    events,
    customers: touched.size,
    seed,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    sampleCustomerIds: spreadSample([...touched], SAMPLE),
    produceMs: Date.now() - startedAt,
  };
}

/** Every k-th of `items`, at most `size` of them: the customers in order of first event, early to late. */
function spreadSample<T>(items: readonly T[], size: number): T[] {
  const step = Math.max(1, Math.floor(items.length / size));
  return items.filter((_, i) => i % step === 0).slice(0, size);
}
