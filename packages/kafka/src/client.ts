import type { KafkaEnv } from '@loyalty/config';
import type { Logger } from '@loyalty/runtime';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import { kafkaSecurityOptions } from './security-options.js';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client with the configured TLS and SASL login, whose own log lines go through the service's logger. */
export function createKafka(env: KafkaEnv, log: Logger, clientId = env.KAFKA_CLIENT_ID): Kafka {
  const kafkaLog = log.child({ module: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: env.KAFKA_BROKERS,
    ...kafkaSecurityOptions(env),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...fields } = entry;
        kafkaLog[LEVELS[level] ?? 'info'](fields, message);
      },
    retry: { initialRetryTime: 100, retries: 8 },
  });
}
