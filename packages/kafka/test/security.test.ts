// Kafka over SASL_SSL with SCRAM-SHA-512 (and PLAIN): the stack's secure mode on a private broker.
import { type KafkaEnv, kafkaEnv, parseEnv } from '@loyalty/config';
import { createLogger, LoyaltyError } from '@loyalty/runtime';
import { uniqueName } from '@loyalty/testkit';
import {
  PRIVATE_SERVICE_START_TIMEOUT_MS,
  type PrivateService,
  startPrivateService,
} from '@loyalty/testkit/private-service';
import { createTopics, deleteTopics, readMessages } from '@loyalty/testkit/servers';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, kafkaSecurityFailure, kafkaSecurityOptions } from '../src/index.js';

async function failureOf(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('Kafka over SASL_SSL (private secure broker)', () => {
  let server: PrivateService;
  let env: KafkaEnv;
  const lines: string[] = [];
  const log = createLogger('kafka-security-test', 'info', { write: (line: string) => void lines.push(line) });

  beforeAll(async () => {
    server = await startPrivateService('kafka', { secure: true });
    env = parseEnv(kafkaEnv, server.env);
  }, PRIVATE_SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await server?.destroy();
  });

  it('produces and consumes with the right SCRAM-SHA-512 credentials over TLS', async () => {
    const kafka = createKafka(env, log);
    const topic = uniqueName('secure');
    await createTopics(kafka, [topic], 1);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: ['a', 'b', 'c'].map((value) => ({ key: 'k', value })),
      });
    } finally {
      await producer.disconnect();
    }
    const received = await readMessages(kafka, topic, 3, { timeoutMs: 20_000 });
    expect(received.map((m) => m.value?.toString())).toEqual(['a', 'b', 'c']);
    await deleteTopics(kafka, [topic]);
  });

  it('logs in with PLAIN over TLS as well', async () => {
    const admin = createKafka({ ...env, KAFKA_SASL_MECHANISM: 'plain' }, log).admin();
    await admin.connect();
    try {
      expect(Array.isArray(await admin.listTopics())).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a wrong password with a clear, non-retriable error naming authentication', async () => {
    const producer = createKafka({ ...env, KAFKA_SASL_PASSWORD: 'wrong-password-123' }, log).producer();
    const error = await failureOf(producer.connect());
    const failure = kafkaSecurityFailure(error);
    expect(failure).toBeInstanceOf(LoyaltyError);
    expect(failure?.retriable).toBe(false);
    expect(failure?.message).toMatch(
      /^Kafka authentication failed \(check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD\): .*SCRAM/,
    );
    const logged = lines.join('');
    expect(logged).not.toContain('wrong-password-123');
    expect(logged).not.toContain(env.KAFKA_SASL_PASSWORD);
  });

  it('refuses a client that does not trust the broker certificate', async () => {
    const { KAFKA_TLS_CA_FILE: _, ...withoutCa } = server.env;
    // No retries: an untrusted certificate fails the same way every time.
    const kafka = new Kafka({
      brokers: env.KAFKA_BROKERS,
      ...kafkaSecurityOptions(parseEnv(kafkaEnv, withoutCa)),
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const error = await failureOf(kafka.admin().connect());
    expect(kafkaSecurityFailure(error)?.message).toMatch(
      /^Kafka's TLS certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN/,
    );
  });
});
