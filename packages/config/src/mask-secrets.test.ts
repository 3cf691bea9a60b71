import { describe, expect, it } from 'vitest';
import { clickhouseEnv, kafkaEnv, maskSecrets, maskUrlPasswords, parseEnv, redisEnv } from './index.js';

describe('maskSecrets', () => {
  it('masks passwords and the password part of URLs in a parsed configuration', () => {
    const config = {
      kafka: parseEnv(kafkaEnv, {
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'loyalty',
        KAFKA_SASL_PASSWORD: 'kafka-secret',
      }),
      redis: parseEnv(redisEnv, { REDIS_URL: 'redis://loyalty:redis%40secret@127.0.0.1:6379/2' }),
      clickhouse: parseEnv(clickhouseEnv, { CLICKHOUSE_PASSWORD: 'ch-secret' }),
    };
    const masked = maskSecrets(config);
    expect(masked.kafka.KAFKA_SASL_PASSWORD).toBe('***');
    expect(masked.kafka.KAFKA_SASL_USERNAME).toBe('loyalty');
    expect(masked.redis.REDIS_URL).toBe('redis://loyalty:***@127.0.0.1:6379/2');
    expect(masked.clickhouse.CLICKHOUSE_PASSWORD).toBe('***');
    expect(JSON.stringify(masked)).not.toMatch(/secret/);
    // The original is left as it was.
    expect(config.kafka.KAFKA_SASL_PASSWORD).toBe('kafka-secret');
  });

  it('shows an empty password as empty, and leaves other values alone', () => {
    expect(maskSecrets({ CLICKHOUSE_PASSWORD: '', KAFKA_BROKERS: ['a:1'], n: 3, on: true })).toEqual({
      CLICKHOUSE_PASSWORD: '',
      KAFKA_BROKERS: ['a:1'],
      n: 3,
      on: true,
    });
  });

  it('masks at any depth, in arrays, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { sasl: { password: 'p1' }, list: [{ clientSecret: 's' }] };
    cyclic.self = cyclic;
    expect(maskSecrets(cyclic)).toEqual({
      sasl: { password: '***' },
      list: [{ clientSecret: '***' }],
      self: '[circular]',
    });
  });

  it('masks URL passwords inside text, up to the last "@" of the authority', () => {
    expect(maskUrlPasswords('cannot reach rediss://u:p@ss@host:6380/0 now')).toBe(
      'cannot reach rediss://u:***@host:6380/0 now',
    );
    expect(maskUrlPasswords('redis://:only-password@host:6379')).toBe('redis://:***@host:6379');
    expect(maskUrlPasswords('http://127.0.0.1:8123/?query=SELECT%201')).toBe(
      'http://127.0.0.1:8123/?query=SELECT%201',
    );
  });
});
