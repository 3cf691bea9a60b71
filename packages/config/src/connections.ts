import { z } from 'zod';
import { hostPortList, positiveInt, urlWith } from './fields.js';

// The connection variables shared by the local stack (infra/local/stack.sh) and every
// service: the same names everywhere, so one `export` points both at the same servers.

export const kafkaEnv = z.object({
  KAFKA_BROKERS: hostPortList
    .default(['127.0.0.1:9092'])
    .describe('a comma-separated host:port list, e.g. 127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('loyalty').describe('a client id string'),
  LOYALTY_TOPIC_PARTITIONS: positiveInt.default(6).describe('a positive integer (partitions per topic)'),
});

export const redisEnv = z.object({
  REDIS_URL: urlWith('redis', 'rediss')
    .default('redis://127.0.0.1:6379')
    .describe('a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9.:_-]*$/)
    .default('')
    .describe('letters, digits, ".", ":", "_" or "-" (may be empty)'),
});

export const clickhouseEnv = z.object({
  CLICKHOUSE_URL: urlWith('http', 'https')
    .default('http://127.0.0.1:8123')
    .describe('an http:// or https:// URL, e.g. http://127.0.0.1:8123'),
  CLICKHOUSE_USER: z.string().min(1).default('default').describe('a ClickHouse user name'),
  CLICKHOUSE_PASSWORD: z.string().default('').describe('a password (may be empty)'),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('loyalty')
    .describe('a database name of letters, digits and "_"'),
});

export type KafkaEnv = z.infer<typeof kafkaEnv>;
export type RedisEnv = z.infer<typeof redisEnv>;
export type ClickHouseEnv = z.infer<typeof clickhouseEnv>;
