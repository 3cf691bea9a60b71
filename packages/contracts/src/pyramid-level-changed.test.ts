import { describe, expect, it } from 'vitest';
import { PYRAMID_LEVELS, PyramidLevelChangedEventSchema } from './pyramid-level-changed.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failingPaths(input: unknown): string[] {
  const result = PyramidLevelChangedEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('PYRAMID_LEVELS', () => {
  it('runs from the top of the pyramid down', () => {
    expect(PYRAMID_LEVELS).toEqual(['platinum', 'gold', 'iron', 'lead']);
  });
});

describe('PyramidLevelChangedEventSchema', () => {
  it('accepts the example rise from iron to gold at the start of a month', () => {
    const event = PyramidLevelChangedEventSchema.parse(readExample('pyramid-level-changed'));
    expect(event).toMatchObject({
      previousLevel: 'iron',
      newLevel: 'gold',
      occurredAt: '2026-03-01T00:00:00.000Z',
    });
    expect(event.valueMinor).toBeGreaterThanOrEqual(event.cutoffs.goldMinor);
  });

  it("accepts a customer's first level, a negative value and cut-offs at 0", () => {
    const input = exampleWith('pyramid-level-changed', {
      previousLevel: null,
      newLevel: 'lead',
      valueMinor: -1200,
      cutoffs: { platinumMinor: 0, goldMinor: 0, ironMinor: 0 },
      customers: 1,
    });
    expect(failingPaths(input)).toEqual([]);
  });

  it('rejects an unchanged level', () => {
    expect(failingPaths(exampleWith('pyramid-level-changed', { previousLevel: 'gold' }))).toEqual([
      'newLevel',
    ]);
  });

  it.each([
    ['newLevel', 'silver'],
    ['previousLevel', 'bronze'],
    ['valueMinor', 1.5],
    ['valueMinor', '148210'],
    ['cutoffs', { platinumMinor: 612480, goldMinor: 147930.5, ironMinor: 41260 }],
    ['cutoffs', { platinumMinor: 612480, goldMinor: 147930 }],
    ['customers', 0],
    ['customers', 2.5],
    ['currency', 'eur'],
    ['correction', 'false'],
    ['source', 'pos-eu'],
    ['schemaVersion', 2],
  ])('rejects %s = %j', (field, value) => {
    const paths = failingPaths(exampleWith('pyramid-level-changed', { [field]: value }));
    expect(paths).toHaveLength(1);
    expect(paths[0]?.split('.')[0]).toBe(field);
  });

  it('accepts a correction to a lower level', () => {
    const correction = { correction: true, previousLevel: 'gold', newLevel: 'iron' };
    expect(failingPaths(exampleWith('pyramid-level-changed', correction))).toEqual([]);
  });

  it('reads an event without the correction flag as no correction', () => {
    const event = PyramidLevelChangedEventSchema.parse(
      exampleWith('pyramid-level-changed', { correction: undefined }),
    );
    expect(event.correction).toBe(false);
  });
});
