import {
  INPUT_TOPICS,
  PARSE_REJECTION_REASONS,
  ParserConfigSchema,
  type ParserOptions,
  parseInputMessage,
  TOPICS,
} from '@loyalty/contracts';
import { describe, expect, it } from 'vitest';
import { estimateMessageCount, type GeneratedMessage, generateTraffic } from './traffic.js';
import type { TrafficOptions } from './traffic-options.js';

const OPTIONS: TrafficOptions = {
  seed: 11,
  customers: 1_500,
  start: '2025-01-01',
  durationDays: 400,
  malformedShare: 0.02,
  duplicateShare: 0.01,
};

function take(options: TrafficOptions, n: number): GeneratedMessage[] {
  const out: GeneratedMessage[] = [];
  for (const message of generateTraffic(options)) {
    out.push(message);
    if (out.length === n) break;
  }
  return out;
}

const parserOptions = (): ParserOptions => ({ ...ParserConfigSchema.parse({}), nowMs: Date.now() });

describe('generateTraffic', () => {
  const all = [...generateTraffic(OPTIONS)];

  it('is deterministic: the same seed gives byte-identical messages, another seed others', () => {
    const again = take(OPTIONS, 3_000);
    expect(again.length).toBe(3_000);
    again.forEach((message, i) => {
      const first = all[i] as GeneratedMessage;
      expect(message.topic).toBe(first.topic);
      expect(message.key).toBe(first.key);
      expect(message.occurredAtMs).toBe(first.occurredAtMs);
      expect(message.value.equals(first.value)).toBe(true);
    });
    const other = take({ ...OPTIONS, seed: 12 }, 3_000);
    const keys = new Set(all.slice(0, 3_000).map((m) => m.key));
    expect(other.filter((m) => keys.has(m.key))).toEqual([]);
  });

  it('yields good events in event-time order, keyed by customer, each valid by the contracts', () => {
    const options = parserOptions();
    let last = Number.NEGATIVE_INFINITY;
    let good = 0;
    for (const message of all) {
      if (message.kind === 'duplicate') continue;
      expect(message.occurredAtMs).toBeGreaterThanOrEqual(last);
      last = message.occurredAtMs;
      if (message.kind !== 'good') continue;
      good += 1;
      const result = parseInputMessage(message.value, message, options);
      if (!result.ok)
        throw new Error(`${result.reason}: ${result.message} in ${message.value.toString('utf8')}`);
      expect(result.event.customerId).toBe(message.key);
      expect(Date.parse(result.event.occurredAt)).toBe(message.occurredAtMs);
    }
    expect(good).toBeGreaterThan(10_000);
    expect(new Set(all.map((m) => m.topic))).toEqual(new Set(INPUT_TOPICS));
  });

  it('gives every good event its own id', () => {
    const ids = all
      .filter((m) => m.kind === 'good')
      .map((m) => (JSON.parse(m.value.toString('utf8')) as { eventId: string }).eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes every malformed message fail the parser with its intended reason, in a varied mix', () => {
    const options = parserOptions();
    const malformed = all.filter((m) => m.kind === 'malformed');
    for (const message of malformed) {
      const result = parseInputMessage(message.value, message, options);
      const shown = message.value.toString('utf8').slice(0, 200);
      if (message.defect === 'key_mismatch') {
        // Valid bytes under the wrong key: the parser passes them, the aggregator must not.
        expect(result.ok && result.event.customerId !== message.key, shown).toBe(true);
      } else {
        expect(result.ok ? 'accepted' : result.reason, shown).toBe(message.defect);
      }
    }
    const reasons = new Set(malformed.map((m) => m.defect));
    // too_large is rare by design (2% of defects), so it need not show in a small run.
    for (const reason of PARSE_REJECTION_REASONS.filter((r) => r !== 'too_large')) {
      expect(reasons.has(reason), reason).toBe(true);
    }
    expect(malformed.length / all.length).toBeGreaterThan(0.015);
    expect(malformed.length / all.length).toBeLessThan(0.025);
  });

  it('re-sends duplicates unchanged, a little later in arrival order', () => {
    // Lags count the messages of the other feeds only: wallet estimates (rare, but bunched late
    // in the run) come in between without counting, so that they leave the rest as it was.
    const counted: number[] = [];
    let others = 0;
    const firstIndex = new Map<string, number>();
    all.forEach((m, i) => {
      counted.push(others);
      if (m.topic !== TOPICS.walletEstimates) others += 1;
      if (m.kind === 'good') firstIndex.set(m.value.toString('base64'), i);
    });
    const duplicates = all.map((m, i) => [m, i] as const).filter(([m]) => m.kind === 'duplicate');
    expect(duplicates.length / all.length).toBeGreaterThan(0.006);
    expect(duplicates.some(([m]) => m.topic === TOPICS.walletEstimates)).toBe(true);
    for (const [message, index] of duplicates) {
      const original = firstIndex.get(message.value.toString('base64'));
      expect(original).toBeDefined();
      expect(index).toBeGreaterThan(original as number);
      expect((counted[index] as number) - (counted[original as number] as number)).toBeLessThanOrEqual(60);
    }
  });

  it('estimates its own size from a sample of customers', () => {
    const estimate = estimateMessageCount({ ...OPTIONS, customers: 6_000 }, 1_500);
    const actual = estimateMessageCount({ ...OPTIONS, customers: 6_000 }, 6_000);
    expect(Math.abs(estimate - actual) / actual).toBeLessThan(0.1);
    expect(estimateMessageCount(OPTIONS)).toBe(all.length);
  });

  it('rejects bad options with the option named', () => {
    expect(() => take({ ...OPTIONS, customers: 0 }, 1)).toThrow(/customers/);
    expect(() => take({ ...OPTIONS, start: '2025-01-01T00:00:00' }, 1)).toThrow(/start/);
    expect(() => take({ ...OPTIONS, malformedShare: 0.9 }, 1)).toThrow(/malformedShare/);
  });
});
