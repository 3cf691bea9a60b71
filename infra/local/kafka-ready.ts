// Readiness of the local broker, as the stack understands it: topics exist with their
// partition counts, and a message makes a produce -> consumer-group fetch round trip.
// Exit 0 when ready, 1 with the reason on stderr otherwise.
import { randomUUID } from 'node:crypto';
import { ALL_TOPICS, TOPICS, topicSpecs } from '@loyalty/contracts';
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const partitions = Number(process.env.LOYALTY_TOPIC_PARTITIONS ?? '6');
const HEALTH_TOPIC = 'loyalty.stack-health';
const ROUND_TRIP_TIMEOUT_MS = 20_000;

const kafka = new Kafka({
  clientId: 'stack-ready',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 2_000,
  retry: { retries: 1, initialRetryTime: 200 },
});

async function ensureTopics(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      ...topicSpecs(TOPICS).map((spec) => ({ ...spec, numPartitions: partitions })),
      { topic: HEALTH_TOPIC, numPartitions: 1 },
    ];
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    }
    const meta = await admin.fetchTopicMetadata({ topics: ALL_TOPICS as string[] });
    const grow = meta.topics
      .filter((t) => t.partitions.length < partitions)
      .map((t) => ({ topic: t.name, count: partitions }));
    if (grow.length > 0) await admin.createPartitions({ topicPartitions: grow });
  } finally {
    await admin.disconnect();
  }
}

async function roundTrip(): Promise<void> {
  const token = randomUUID();
  const groupId = `stack-ready-${token}`;
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
  await Promise.all([producer.connect(), consumer.connect()]);
  try {
    // From the beginning: a "latest" reset could be resolved after the probe was appended.
    await consumer.subscribe({ topic: HEALTH_TOPIC, fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    const received = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no round trip within the bound')),
        ROUND_TRIP_TIMEOUT_MS,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value?.toString() === token) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await joined;
    await producer.send({ topic: HEALTH_TOPIC, messages: [{ value: token }], acks: -1 });
    await received;
  } finally {
    await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
  }
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}

try {
  await ensureTopics();
  await roundTrip();
  process.exit(0);
} catch (error) {
  console.error(
    `kafka not ready at ${brokers.join(',')}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
