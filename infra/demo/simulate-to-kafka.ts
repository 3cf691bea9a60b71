import {
  createTrafficProducer,
  estimateMessageCount,
  generateTraffic,
  type TrafficOptions,
  type TrafficSummary,
  writeToKafka,
} from '@loyalty/simulator';
import type { Kafka } from 'kafkajs';
import type { RunReporter } from './progress.js';

/**
 * Writes the simulator's traffic as fast as the broker takes it into the input topics under
 * `namespace`, with a progress line; resolves with what the broker acknowledged.
 */
export async function simulateIntoKafka(
  kafka: Kafka,
  namespace: string,
  traffic: TrafficOptions,
  reporter: RunReporter,
  signal?: AbortSignal,
): Promise<TrafficSummary> {
  const total = estimateMessageCount(traffic);
  const producer = createTrafficProducer(kafka);
  await producer.connect();
  const progress = reporter.progress('simulate', total);
  try {
    return await writeToKafka(producer, generateTraffic(traffic), {
      topicFor: (topic) => `${namespace}${topic}`,
      total,
      onProgress: ({ written }) => progress.update(written),
      ...(signal === undefined ? {} : { signal }),
    });
  } finally {
    progress.done();
    await producer.disconnect();
  }
}
