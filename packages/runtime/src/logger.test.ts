import { hostname } from 'node:os';
import { clickhouseEnv, kafkaEnv, parseEnv, redisEnv } from '@loyalty/config';
import { describe, expect, it } from 'vitest';
import { createLogger, LoyaltyError } from './index.js';

const SECRETS = ['kafka-pw-1', 'redis-pw-2', 'url-pw-3', 'ch-pw-4'];

function capture(): { lines: string[]; write(line: string): void } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(line) };
}

describe('createLogger', () => {
  it('names the level as a word and says which process wrote the line', () => {
    const out = capture();
    createLogger('logger-test', 'info', out).warn('careful');
    expect(JSON.parse(out.lines[0] ?? '{}')).toMatchObject({
      level: 'warn',
      service: 'logger-test',
      pid: process.pid,
      hostname: hostname(),
      msg: 'careful',
    });
  });

  it('never prints a secret of a logged configuration, at any depth or inside a URL', () => {
    const out = capture();
    const log = createLogger('logger-test', 'info', out);
    const kafka = parseEnv(kafkaEnv, {
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'loyalty',
      KAFKA_SASL_PASSWORD: 'kafka-pw-1',
    });
    const redis = parseEnv(redisEnv, { REDIS_USERNAME: 'loyalty', REDIS_PASSWORD: 'redis-pw-2' });
    const redisUrl = parseEnv(redisEnv, { REDIS_URL: 'redis://loyalty:url-pw-3@127.0.0.1:6379' });
    const clickhouse = parseEnv(clickhouseEnv, {
      CLICKHOUSE_USER: 'loyalty',
      CLICKHOUSE_PASSWORD: 'ch-pw-4',
    });

    log.info({ ...kafka, ...redis }, 'flat');
    log.info({ config: { kafka, redis: redisUrl, clickhouse } }, 'nested');
    log.child({ module: 'store' }).child({ redis: redisUrl.REDIS_URL }).info('bound');
    log.error(
      {
        err: new LoyaltyError('cannot reach redis://loyalty:url-pw-3@127.0.0.1:6379', {
          cause: new Error('x'),
        }),
      },
      'error',
    );

    const text = out.lines.join('');
    expect(out.lines).toHaveLength(4);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const [flat, nested, bound, error] = out.lines.map((line) => JSON.parse(line));
    expect(flat.KAFKA_SASL_USERNAME).toBe('loyalty');
    expect(flat.KAFKA_SASL_PASSWORD).toBe('***');
    expect(nested.config.redis.REDIS_URL).toBe('redis://loyalty:***@127.0.0.1:6379');
    expect(nested.config.clickhouse.CLICKHOUSE_PASSWORD).toBe('***');
    expect(bound).toMatchObject({ module: 'store', redis: 'redis://loyalty:***@127.0.0.1:6379' });
    expect(error.err).toMatchObject({
      type: 'LoyaltyError',
      message: expect.stringContaining('loyalty:***@'),
    });
  });
});

describe('logging Redis errors', () => {
  it('keeps the failed command name but never its arguments (AUTH carries the password)', () => {
    const lines: string[] = [];
    const log = createLogger('test', 'info', { write: (line: string) => lines.push(line) });
    const error = Object.assign(new Error('WRONGPASS invalid username-password pair'), {
      command: { name: 'auth', args: ['loyalty', 'hunter2-secret'] },
    });
    log.warn({ err: error }, 'redis refused');
    expect(lines.join('')).not.toContain('hunter2-secret');
    expect(JSON.parse(lines[0] ?? '{}').err.command).toEqual({ name: 'auth' });
  });
});
