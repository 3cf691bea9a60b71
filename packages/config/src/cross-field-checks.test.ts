import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, clickhouseEnv, type Env, kafkaEnv, parseEnv, pickEnv, redisEnv } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'loyalty-config-'));
const caFile = join(dir, 'ca.crt');
writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configError(parse: () => unknown): ConfigError {
  try {
    parse();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const SCRAM = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };

describe('security settings', () => {
  it('reads a complete Kafka SASL and TLS setting', () => {
    const env = parseEnv(kafkaEnv, {
      ...SCRAM,
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: caFile,
    });
    expect(env).toMatchObject({
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_TLS: true,
      KAFKA_TLS_CA_FILE: caFile,
      KAFKA_TLS_REJECT_UNAUTHORIZED: true,
    });
  });

  it.each<[string, Env, string, string]>([
    [
      'a user without a mechanism',
      { KAFKA_SASL_USERNAME: 'u' },
      'KAFKA_SASL_MECHANISM',
      'KAFKA_SASL_USERNAME',
    ],
    [
      'a user without a password',
      { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' },
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SASL_MECHANISM is set',
    ],
    ['PLAIN without TLS', { ...SCRAM, KAFKA_SASL_MECHANISM: 'plain' }, 'KAFKA_TLS', 'in clear'],
    ['a CA file without TLS', { KAFKA_TLS_CA_FILE: caFile }, 'KAFKA_TLS', 'KAFKA_TLS_CA_FILE'],
    [
      'a CA file that is not there',
      { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: join(dir, 'none') },
      'KAFKA_TLS_CA_FILE',
      'readable',
    ],
    ['an unknown mechanism', { ...SCRAM, KAFKA_SASL_MECHANISM: 'gssapi' }, 'KAFKA_SASL_MECHANISM', 'plain'],
  ])('Kafka: %s is an error naming the variable', (_, env, variable, mentions) => {
    const error = configError(() => parseEnv(kafkaEnv, env));
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(mentions);
  });

  it('takes Redis credentials from the URL or from REDIS_USERNAME/REDIS_PASSWORD', () => {
    expect(parseEnv(redisEnv, { REDIS_URL: 'redis://u:p@127.0.0.1:6379' }).REDIS_URL).toBe(
      'redis://u:p@127.0.0.1:6379',
    );
    expect(
      parseEnv(redisEnv, {
        REDIS_URL: 'rediss://127.0.0.1:6380',
        REDIS_USERNAME: 'u',
        REDIS_PASSWORD: 'p',
        REDIS_TLS_CA_FILE: caFile,
      }),
    ).toMatchObject({ REDIS_USERNAME: 'u', REDIS_PASSWORD: 'p', REDIS_TLS_CA_FILE: caFile });
  });

  it.each<[string, Env, string]>([
    ['a user without a password', { REDIS_USERNAME: 'u' }, 'REDIS_PASSWORD'],
    ['a URL user without a password', { REDIS_URL: 'redis://u@127.0.0.1:6379' }, 'REDIS_URL'],
    [
      'credentials in two places',
      { REDIS_URL: 'redis://u:p@127.0.0.1:6379', REDIS_PASSWORD: 'q' },
      'REDIS_PASSWORD',
    ],
    ['a CA file without rediss://', { REDIS_TLS_CA_FILE: caFile }, 'REDIS_URL'],
    [
      'a database other than 0 in cluster mode',
      { REDIS_URL: 'redis://127.0.0.1:7000/2', REDIS_CLUSTER_NODES: '127.0.0.1:7000' },
      'REDIS_URL',
    ],
  ])('Redis: %s is an error naming the variable', (_, env, variable) => {
    expect(configError(() => parseEnv(redisEnv, env)).variable).toBe(variable);
  });

  it('keeps ClickHouse credentials out of its URL', () => {
    const error = configError(() => parseEnv(clickhouseEnv, { CLICKHOUSE_URL: 'http://u:p@127.0.0.1:8123' }));
    expect(error.variable).toBe('CLICKHOUSE_URL');
    expect(error.message).toContain('CLICKHOUSE_PASSWORD');
  });

  it('runs the checks in a service schema that extends the shared ones', () => {
    const serviceEnv = kafkaEnv.extend(redisEnv.shape);
    expect(configError(() => parseEnv(serviceEnv, { REDIS_USERNAME: 'u' })).variable).toBe('REDIS_PASSWORD');
    const parsed = parseEnv(serviceEnv, { ...SCRAM, REDIS_KEY_PREFIX: 'x' });
    expect(pickEnv(kafkaEnv, parsed)).toEqual(parseEnv(kafkaEnv, SCRAM));
  });

  it('never quotes a secret in an error', () => {
    const secret = 'hunter2-secret';
    const errors = [
      configError(() => parseEnv(redisEnv, { REDIS_URL: `http://u:${secret}@127.0.0.1:6379` })),
      configError(() =>
        parseEnv(redisEnv, { REDIS_URL: `redis://u:${secret}@127.0.0.1:6379`, REDIS_PASSWORD: 'q' }),
      ),
      configError(() => parseEnv(kafkaEnv, { KAFKA_SASL_PASSWORD: secret })),
    ];
    for (const error of errors) expect(error.message).not.toContain(secret);
    expect(errors[0]?.message).toContain('u:***@');
  });
});
