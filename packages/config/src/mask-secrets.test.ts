import { describe, expect, it } from 'vitest';
import { clickhouseEnv, kafkaEnv, maskSecrets, maskUrlPasswords, parseEnv, redisEnv } from './index.js';
import { maskValuePasswords } from './mask-secrets.js';

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

  it('masks a password inside a malformed URL held in a configuration', () => {
    expect(maskSecrets({ url: 'redis//u:secret@127.0.0.1:6379' })).toEqual({
      url: 'redis//u:***@127.0.0.1:6379',
    });
  });
});

describe('maskUrlPasswords and maskValuePasswords', () => {
  it.each([
    ['a URL', 'redis://u:secret@127.0.0.1:6379/0', 'redis://u:***@127.0.0.1:6379/0'],
    [
      'a URL inside text',
      'cannot reach rediss://u:secret@host:6380 now',
      'cannot reach rediss://u:***@host:6380 now',
    ],
    ['no "://" (redis//)', 'redis//u:secret@127.0.0.1:6379', 'redis//u:***@127.0.0.1:6379'],
    ['one slash (redis:/)', 'redis:/u:secret@127.0.0.1:6379', 'redis:***@127.0.0.1:6379'],
    ['no slash (redis:)', 'redis:u:secret@127.0.0.1:6379', 'redis:***@127.0.0.1:6379'],
    ['no scheme', 'u:secret@127.0.0.1:6379', 'u:***@127.0.0.1:6379'],
    ['an empty user', 'redis://:secret@host:6379', 'redis://:***@host:6379'],
    ['an empty user without scheme', ':secret@host', ':***@host'],
    ['"@" in the password', 'rediss://u:p@ss@host:6380/0', 'rediss://u:***@host:6380/0'],
    ['"@" then ":" in the password', 'redis://u:p@ss:word@host', 'redis://u:***@host'],
    ['":" in the password', 'redis://u:pa:ss@host', 'redis://u:***@host'],
    ['"/" in the password', 'redis://u:pa/ss@host:6379/0', 'redis://u:***@host:6379/0'],
    ['a password opening with "/"', 'redis://u:/secret@host', 'redis://u:***@host'],
    ['"," in the password', 'u:a,b@host', 'u:***@host'],
    [
      'an e-mail address as the user',
      'redis://ops@example.com:secret@host',
      'redis://ops@example.com:***@host',
    ],
    [
      'a message after the port',
      'cannot reach redis://u:secret@host:6379: timeout',
      'cannot reach redis://u:***@host:6379: timeout',
    ],
    ['a message after the host', 'cannot reach u:secret@host: timeout', 'cannot reach u:***@host: timeout'],
    ['an IPv6 host', 'u:secret@[::1]:6379', 'u:***@[::1]:6379'],
    ['a quoted value', `REDIS_URL='redis//u:secret@h:1'`, `REDIS_URL='redis//u:***@h:1'`],
    ['a broker list', 'u:a@h1:9092,v:b@h2:9092', 'u:***@h1:9092,v:***@h2:9092'],
    ['a broker list with spaces', 'u:a@h1:9092, v:b@h2:9092', 'u:***@h1:9092, v:***@h2:9092'],
    ['a list of URLs', 'redis://u:a@h1:1,redis://v:b@h2:2', 'redis://u:***@h1:1,redis://v:***@h2:2'],
    ['a list mixing host:port', 'h1:9092,v:b@h2:9092', 'h1:9092,v:***@h2:9092'],
    ['an already masked URL', 'redis://u:***@host', 'redis://u:***@host'],
    // Nothing tells a label glued to an address from a user and a password: it is masked.
    ['user:password@host that may be a label', 'mailto:ops@example.com', 'mailto:***@example.com'],
  ])('masks the password in %s', (_, text, masked) => {
    expect(maskUrlPasswords(text)).toBe(masked);
    expect(maskValuePasswords(text)).toBe(masked);
  });

  it.each([
    ['an e-mail address', 'write to ops@example.com'],
    ['a user without password', 'redis://u@127.0.0.1:6379'],
    ['a host:port list', '127.0.0.1:9092,127.0.0.1:9093'],
    ['a URL with a query', 'http://127.0.0.1:8123/?query=SELECT%201'],
    ['"@" in a path after a port', 'https://registry.example.com:443/@scope/pkg'],
    ['"@" in a path', 'https://example.com/@user'],
    ['"@" in a query', 'http://127.0.0.1:8123/?to=ops@example.com'],
    ['a time before an address', 'at 10:30 ops@example.com'],
    ['an scp-style address', 'git@github.com:org/repo.git'],
    ['a stack frame', 'at f (file:///a/.pnpm/@x+y@1.0.0/node_modules/z.js:10:5)'],
    ['an empty password', 'redis://u:@host'],
  ])('leaves %s alone', (_, text) => {
    expect(maskUrlPasswords(text)).toBe(text);
    expect(maskValuePasswords(text)).toBe(text);
  });

  it('keeps JSON text in prose, whose quotes no password crosses', () => {
    const json = '{"a":true,"b":"c@d"}';
    expect(maskUrlPasswords(json)).toBe(json);
  });

  it('masks a password with spaces in one received value', () => {
    expect(maskValuePasswords('redis://u:correct horse@host:6379')).toBe('redis://u:***@host:6379');
  });
});
