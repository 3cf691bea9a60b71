import { describe, expect, it } from 'vitest';
import { ParserConfigSchema, ParserOptionsSchema } from './parser-options.js';

describe('ParserConfigSchema', () => {
  it('defaults to EUR, 64 KiB and five minutes of clock skew', () => {
    expect(ParserConfigSchema.parse({})).toEqual({
      baseCurrency: 'EUR',
      maxMessageBytes: 65_536,
      maxFutureSkewMs: 300_000,
    });
  });

  it.each([
    ['baseCurrency', 'eur'],
    ['maxMessageBytes', 0],
    ['maxFutureSkewMs', -1],
    ['maxFutureSkewMs', 1.5],
  ])('rejects %s = %j', (field, value) => {
    const result = ParserConfigSchema.safeParse({ [field]: value });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual([field]);
  });
});

describe('ParserOptionsSchema', () => {
  it('requires the wall-clock time', () => {
    expect(ParserOptionsSchema.safeParse({}).success).toBe(false);
    expect(ParserOptionsSchema.parse({ nowMs: 1 })).toMatchObject({ baseCurrency: 'EUR', nowMs: 1 });
  });
});
