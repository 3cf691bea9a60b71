import { describe, expect, it } from 'vitest';
import { ConfigError, clickhouseEnv, kafkaEnv, parseEnv, redisEnv, registryEnv } from './index.js';

describe('parseEnv', () => {
  it('applies defaults when nothing is set', () => {
    expect(parseEnv(kafkaEnv, {})).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CLIENT_ID: 'loyalty',
      LOYALTY_TOPIC_PARTITIONS: 6,
      KAFKA_TLS: false,
      KAFKA_TLS_REJECT_UNAUTHORIZED: true,
    });
    expect(parseEnv(redisEnv, {}).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(parseEnv(clickhouseEnv, {}).CLICKHOUSE_DATABASE).toBe('loyalty');
  });

  it('reads lists and numbers', () => {
    const env = parseEnv(kafkaEnv, { KAFKA_BROKERS: 'a:1, b:2', LOYALTY_TOPIC_PARTITIONS: '12' });
    expect(env.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(env.LOYALTY_TOPIC_PARTITIONS).toBe(12);
    expect(
      parseEnv(redisEnv, { REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1:7001' }).REDIS_CLUSTER_NODES,
    ).toEqual(['127.0.0.1:7000', '127.0.0.1:7001']);
    expect(parseEnv(redisEnv, {}).REDIS_CLUSTER_NODES).toBeUndefined();
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv(redisEnv, { REDIS_URL: '' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it.each([
    [kafkaEnv, { KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS: "localhost" is invalid', 'host:port'],
    [
      kafkaEnv,
      { LOYALTY_TOPIC_PARTITIONS: '0' },
      'LOYALTY_TOPIC_PARTITIONS: "0" is invalid',
      'positive integer',
    ],
    [redisEnv, { REDIS_URL: 'http://x:1' }, 'REDIS_URL: "http://x:1" is invalid', 'redis://'],
    [
      redisEnv,
      { REDIS_CLUSTER_NODES: '127.0.0.1:7000,127.0.0.1' },
      'REDIS_CLUSTER_NODES: "127.0.0.1:7000,127.0.0.1" is invalid',
      'Redis Cluster nodes',
    ],
    [
      clickhouseEnv,
      { CLICKHOUSE_DATABASE: 'a;drop' },
      'CLICKHOUSE_DATABASE: "a;drop" is invalid',
      'database name',
    ],
  ] as const)(
    'names the variable, the problem and the expected form (%#)',
    (schema, env, start, expected) => {
      const error = (() => {
        try {
          parseEnv(schema, env);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message.startsWith(start)).toBe(true);
      expect(message).toContain('; expected ');
      expect(message).toContain(expected);
      expect(message).not.toContain('\n');
    },
  );

  it.each([
    ['REDIS_URL', 'redis//u:secret@127.0.0.1:6379', redisEnv],
    ['REDIS_URL', 'redis:/u:secret@127.0.0.1:6379', redisEnv],
    ['REDIS_URL', 'redis:u:secret@127.0.0.1:6379', redisEnv],
    ['REDIS_URL', 'redis://u:se/cret@127.0.0.1:6379', redisEnv],
    ['REDIS_URL', 'redis://u:secret%zz@127.0.0.1:6379', redisEnv],
    ['REDIS_URL', 'redis://u:my secret@127.0.0.1:6379', redisEnv],
    ['REDIS_URL', 'http://:secret@127.0.0.1:6379', redisEnv],
    ['REDIS_CLUSTER_NODES', 'u:secret@127.0.0.1:7000,127.0.0.1', redisEnv],
    ['CLICKHOUSE_URL', 'http//u:secret@127.0.0.1:8123', clickhouseEnv],
    ['CLICKHOUSE_URL', 'http:/u:secret@127.0.0.1:8123', clickhouseEnv],
    ['REGISTRY_URL', 'https//u:secret@registry.example.com', registryEnv],
    ['KAFKA_BROKERS', 'u:secret@b1:9092,v:secret@b2', kafkaEnv],
  ] as const)('rejects %s=%s naming the variable and masking the password', (variable, value, schema) => {
    let error: unknown;
    try {
      parseEnv(schema, { [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as ConfigError;
    expect(message.startsWith(`${variable}: "`)).toBe(true);
    expect(message).toContain(':***@');
    expect(message).not.toContain('secret');
  });

  it('masks a password quoted in any ConfigError, but not the expected form', () => {
    const error = new ConfigError('X_URL', '"x//u:secret@host" is refused', 'x://user:password@host');
    expect(error.problem).toBe('"x//u:***@host" is refused');
    expect(error.message).toBe('X_URL: "x//u:***@host" is refused; expected x://user:password@host');
  });
});
