import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, SECRET_MASK } from '@loyalty/config';
import { describe, expect, it } from 'vitest';
import { loadAggregatorConfig, printableConfig } from './config.js';

function configError(env: Record<string, string>): string {
  try {
    loadAggregatorConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('aggregator configuration', () => {
  it('starts from documented defaults', () => {
    const { env, rules, parser } = loadAggregatorConfig({});
    expect(env).toMatchObject({
      AGGREGATOR_GROUP_ID: 'loyalty-aggregator',
      AGGREGATOR_MODE: 'live',
      AGGREGATOR_LATENESS_MS: 5_000,
    });
    expect(env.AGGREGATOR_WORKERS).toBe(availableParallelism());
    expect(rules.tier.platinumMinSpendMinor).toBe(200_000);
    expect(parser).toEqual({ baseCurrency: 'EUR', maxMessageBytes: 65_536, maxFutureSkewMs: 300_000 });
  });

  it('stops on a bad value with one line naming the variable and the expected form', () => {
    expect(configError({ AGGREGATOR_LATENESS_MS: '-5' })).toMatch(
      /^AGGREGATOR_LATENESS_MS: "-5" is invalid .*; expected milliseconds/,
    );
    expect(configError({ AGGREGATOR_WORKERS: '0' })).toMatch(
      /^AGGREGATOR_WORKERS: "0" is invalid .*; expected worker processes/,
    );
    expect(configError({ LOYALTY_BASE_CURRENCY: 'euro' })).toMatch(
      /^LOYALTY_BASE_CURRENCY: .*expected an ISO 4217 code/,
    );
    expect(configError({ KAFKA_BROKERS: 'nohost' })).toMatch(
      /^KAFKA_BROKERS: .*expected a comma-separated host:port list/,
    );
  });

  it.each([
    ['REDIS_URL', 'redis//u:secret@127.0.0.1:6379'],
    ['REDIS_URL', 'redis:/u:secret@127.0.0.1:6379'],
    ['REDIS_CLUSTER_NODES', 'u:secret@127.0.0.1:7000'],
    ['REGISTRY_URL', 'http//u:secret@127.0.0.1:8081'],
    ['KAFKA_BROKERS', 'u:secret@127.0.0.1:9092'],
  ])('stops on a malformed %s=%s naming the variable, the password masked', (variable, value) => {
    const message = configError({ [variable]: value });
    expect(message.startsWith(`${variable}: `)).toBe(true);
    expect(message).not.toContain('secret');
  });

  it('reads a rules file and names what is wrong in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ tier: { platinumMinSpendMinor: 300_000 } }));
    expect(loadAggregatorConfig({ LOYALTY_RULES_FILE: good }).rules.tier.platinumMinSpendMinor).toBe(300_000);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ tier: { platinumMinSpendMinor: 'lots' } }));
    expect(configError({ LOYALTY_RULES_FILE: bad })).toMatch(
      /^LOYALTY_RULES_FILE: ".*bad.json" at tier.platinumMinSpendMinor: /,
    );
    expect(configError({ LOYALTY_RULES_FILE: join(dir, 'missing.json') })).toMatch(
      /^LOYALTY_RULES_FILE: cannot read/,
    );
  });

  it('masks every password when printing the configuration', () => {
    const printed = JSON.stringify(
      printableConfig(
        loadAggregatorConfig({
          REDIS_URL: 'redis://loyalty:s3cret@127.0.0.1:6379',
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: 'loyalty',
          KAFKA_SASL_PASSWORD: 'k4fka-secret',
          KAFKA_TLS: 'true',
        }),
      ),
    );
    expect(printed).not.toContain('s3cret');
    expect(printed).not.toContain('k4fka-secret');
    expect(printed).toContain(`redis://loyalty:${SECRET_MASK}@127.0.0.1:6379`);
  });
});
