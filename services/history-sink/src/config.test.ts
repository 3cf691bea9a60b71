import { ConfigError } from '@loyalty/config';
import { describe, expect, it } from 'vitest';
import { loadSinkConfig } from './config.js';

function configError(env: Record<string, string>): string {
  try {
    loadSinkConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('history sink configuration', () => {
  it('starts from documented defaults', () => {
    const config = loadSinkConfig({});
    expect(config.clickhouse.CLICKHOUSE_URL).toBe('http://127.0.0.1:8123');
    expect(config.parser).toEqual({ baseCurrency: 'EUR', maxMessageBytes: 65_536, maxFutureSkewMs: 300_000 });
  });

  it.each([
    ['CLICKHOUSE_URL', 'http//u:secret@127.0.0.1:8123'],
    ['CLICKHOUSE_URL', 'http:/u:secret@127.0.0.1:8123'],
    ['CLICKHOUSE_URL', 'http://u:secret@127.0.0.1:8123'],
    ['REGISTRY_URL', 'http//u:secret@127.0.0.1:8081'],
    ['KAFKA_BROKERS', 'u:secret@127.0.0.1:9092'],
  ])('stops on %s=%s naming the variable, the password masked', (variable, value) => {
    const message = configError({ [variable]: value });
    expect(message.startsWith(`${variable}: `)).toBe(true);
    expect(message).not.toContain('secret');
  });
});
