import { describe, expect, it } from 'vitest';
import { fromNdjsonLine, toNdjsonLine } from './ndjson.js';
import type { GeneratedMessage } from './traffic.js';

const good: GeneratedMessage = {
  topic: 'loyalty.purchases.v1',
  key: 'cus-1',
  value: Buffer.from('{"type":"purchase","note":"Ünïcødé"}', 'utf8'),
  occurredAtMs: 1_735_689_600_000,
  kind: 'good',
};

describe('NDJSON lines', () => {
  it('keep UTF-8 values as text and round-trip them', () => {
    const line = toNdjsonLine(good);
    expect(JSON.parse(line)).toEqual({
      topic: good.topic,
      key: good.key,
      occurredAtMs: good.occurredAtMs,
      kind: 'good',
      value: '{"type":"purchase","note":"Ünïcødé"}',
    });
    const back = fromNdjsonLine(line);
    expect(back.value.equals(good.value)).toBe(true);
    expect({ ...back, value: null }).toEqual({ ...good, value: null });
  });

  it('keep bytes that are not UTF-8 as base64, exactly', () => {
    const bad: GeneratedMessage = {
      ...good,
      value: Buffer.from([0x7b, 0xc3, 0x28, 0xff]),
      kind: 'malformed',
      defect: 'invalid_json',
    };
    const line = toNdjsonLine(bad);
    expect(JSON.parse(line)).toMatchObject({ encoding: 'base64', defect: 'invalid_json' });
    expect(fromNdjsonLine(line).value.equals(bad.value)).toBe(true);
    const empty = fromNdjsonLine(toNdjsonLine({ ...bad, value: Buffer.alloc(0), defect: 'empty_message' }));
    expect(empty.value.length).toBe(0);
  });

  it('say what is wrong with a bad line', () => {
    expect(() => fromNdjsonLine('{"topic":')).toThrow(/not JSON/);
    expect(() =>
      fromNdjsonLine(JSON.stringify({ ...JSON.parse(toNdjsonLine(good)), topic: 'other' })),
    ).toThrow(/^topic: /);
    expect(() =>
      fromNdjsonLine(JSON.stringify({ ...JSON.parse(toNdjsonLine(good)), value: undefined })),
    ).toThrow(/^value: /);
  });
});
