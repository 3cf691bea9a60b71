import { z } from 'zod';
import { booleanFlag, hostPortList, positiveInt, readableFile, urlWith } from './fields.js';

// The connection variables shared by the local stack (infra/local/stack.sh) and every
// service: the same names everywhere, so one `export` points both at the same servers.

export const kafkaEnv = z.object({
  KAFKA_BROKERS: hostPortList
    .default(['127.0.0.1:9092'])
    .describe('a comma-separated host:port list, e.g. 127.0.0.1:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('loyalty').describe('a client id string'),
  LOYALTY_TOPIC_PARTITIONS: positiveInt.default(6).describe('a positive integer (partitions per topic)'),
  // Security (all optional); which combinations make sense is checked in cross-field-checks.ts.
  KAFKA_SASL_MECHANISM: z
    .string()
    .toLowerCase()
    .pipe(z.enum(['scram-sha-512', 'plain']))
    .optional()
    .describe('scram-sha-512 or plain (unset: no SASL login)'),
  KAFKA_SASL_USERNAME: z.string().optional().describe('the SASL user name'),
  KAFKA_SASL_PASSWORD: z.string().optional().describe("the SASL user's password"),
  KAFKA_TLS: booleanFlag.default(false).describe('true or false (TLS to the brokers)'),
  KAFKA_TLS_CA_FILE: readableFile
    .optional()
    .describe("the path of a readable PEM file of the CA certificates to trust instead of Node's"),
  KAFKA_TLS_REJECT_UNAUTHORIZED: booleanFlag
    .default(true)
    .describe('true or false (false accepts any broker certificate: never in production)'),
});

export const redisEnv = z.object({
  REDIS_URL: urlWith('redis', 'rediss')
    .default('redis://127.0.0.1:6379')
    .describe('a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379'),
  // Set, the services talk to a Redis Cluster through these nodes (ioredis learns the others
  // from them); REDIS_URL then gives only the scheme (rediss:// for TLS) and any credentials.
  REDIS_CLUSTER_NODES: hostPortList
    .optional()
    .describe(
      'a comma-separated host:port list of Redis Cluster nodes, e.g. 127.0.0.1:7000,127.0.0.1:7001 (unset: REDIS_URL is one server)',
    ),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9.:_-]*$/)
    .default('')
    .describe('letters, digits, ".", ":", "_" or "-" (may be empty)'),
  // Credentials go either in REDIS_URL (redis://user:password@host:port) or here, not both.
  REDIS_USERNAME: z.string().optional().describe('an ACL user name (unset: the `default` user)'),
  REDIS_PASSWORD: z.string().optional().describe('the password of the ACL user'),
  REDIS_TLS_CA_FILE: readableFile
    .optional()
    .describe("the path of a readable PEM file of the CA certificates to trust instead of Node's"),
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

// The local stack serves Apicurio Registry's Confluent-compatible API under this path; a
// Confluent Schema Registry or Karapace URL has no path.
export const registryEnv = z.object({
  REGISTRY_URL: urlWith('http', 'https')
    .default('http://127.0.0.1:8081/apis/ccompat/v6')
    .describe('the http:// or https:// base URL of a Confluent-compatible schema registry API'),
});

export type KafkaEnv = z.infer<typeof kafkaEnv>;
export type RedisEnv = z.infer<typeof redisEnv>;
export type ClickHouseEnv = z.infer<typeof clickhouseEnv>;
export type RegistryEnv = z.infer<typeof registryEnv>;
