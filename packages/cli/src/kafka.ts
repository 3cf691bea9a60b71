import type { KafkaEnv } from '@loyalty/config';
import { kafkaSecurityOptions } from '@loyalty/kafka';
import { Kafka, logLevel } from 'kafkajs';
import type { CliIo } from './command.js';

/** A kafkajs client of KAFKA_BROKERS whose warnings and errors go to the command's stderr, one line each. */
export function cliKafka(env: KafkaEnv, io: CliIo): Kafka {
  return new Kafka({
    clientId: env.KAFKA_CLIENT_ID,
    brokers: env.KAFKA_BROKERS,
    ...kafkaSecurityOptions(env),
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => io.stderr(`kafka: ${entry.log.message}\n`),
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 5 },
  });
}

/** Fails with a message naming the missing topics when any of `topics` does not exist. */
export async function assertTopicsExist(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new Error(
        `topic ${missing.join(', ')} missing on the broker; create it first (\`npm run stack up\` creates the product topics)`,
      );
    }
  } finally {
    await admin.disconnect();
  }
}
