import { ConfigError, parseEnv } from '@loyalty/config';
import { describe, expect, it } from 'vitest';
import { modelEnv, valueEstimateOptions } from './model-env.js';

describe('modelEnv', () => {
  it('defaults to a read every 30 s and a one-year CLV at 10 % a year', () => {
    const env = parseEnv(modelEnv, {});
    expect(env.AGGREGATOR_MODEL_REFRESH_MS).toBe(30_000);
    expect(valueEstimateOptions(env)).toEqual({ horizonWeeks: 52, annualDiscountRate: 0.1 });
  });

  it('reads the variables, and names the one that is wrong', () => {
    const env = parseEnv(modelEnv, {
      AGGREGATOR_MODEL_REFRESH_MS: '5000',
      AGGREGATOR_CLV_HORIZON_WEEKS: '104',
      AGGREGATOR_CLV_ANNUAL_DISCOUNT_RATE: '0',
    });
    expect(env.AGGREGATOR_MODEL_REFRESH_MS).toBe(5_000);
    expect(valueEstimateOptions(env)).toEqual({ horizonWeeks: 104, annualDiscountRate: 0 });
    expect(() => parseEnv(modelEnv, { AGGREGATOR_CLV_ANNUAL_DISCOUNT_RATE: '-0.1' })).toThrow(ConfigError);
    expect(() => parseEnv(modelEnv, { AGGREGATOR_MODEL_REFRESH_MS: '1.5' })).toThrow(
      /AGGREGATOR_MODEL_REFRESH_MS/,
    );
  });
});
