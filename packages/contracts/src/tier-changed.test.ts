import { describe, expect, it } from 'vitest';
import { exampleWith, readExample } from './test-support/examples.js';
import { TIER_REASONS, TIERS, TierChangedEventSchema, tierRank } from './tier-changed.js';

function failures(input: unknown): string[] {
  const result = TierChangedEventSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('TIERS', () => {
  it('runs from the lowest to the highest tier', () => {
    expect(TIERS).toEqual(['lead', 'iron', 'gold', 'platinum']);
    expect(tierRank('platinum')).toBeGreaterThan(tierRank('gold'));
    expect(tierRank('lead')).toBe(0);
  });
});

describe('TierChangedEventSchema', () => {
  it('accepts the example upgrade', () => {
    expect(TierChangedEventSchema.parse(readExample('tier-changed')).newTier).toBe('gold');
  });

  it('accepts a first assignment with no previous tier', () => {
    expect(failures(exampleWith('tier-changed', { direction: 'initial', previousTier: null }))).toEqual([]);
  });

  it('accepts a downgrade to a lower tier and a negative qualifying spend', () => {
    const input = exampleWith('tier-changed', {
      direction: 'downgrade',
      previousTier: 'gold',
      newTier: 'lead',
      qualifyingSpendMinor: -1200,
    });
    expect(failures(input)).toEqual([]);
  });

  it.each([
    ['upgrade', 'gold', 'iron'],
    ['upgrade', 'gold', 'gold'],
    ['downgrade', 'iron', 'gold'],
  ])('rejects a %s from %s to %s', (direction, previousTier, newTier) => {
    const problems = failures(exampleWith('tier-changed', { direction, previousTier, newTier }));
    expect(problems).toEqual([
      'direction: must agree with the order of previousTier and newTier (lead < iron < gold < platinum)',
    ]);
  });

  it('rejects a previous tier on a first assignment', () => {
    const problems = failures(exampleWith('tier-changed', { direction: 'initial' }));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['previousTier']);
  });

  it('rejects a missing previous tier on an upgrade', () => {
    const problems = failures(exampleWith('tier-changed', { previousTier: null }));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['previousTier']);
  });

  it.each([
    ['newTier', 'silver'],
    ['direction', 'sideways'],
    ['qualifyingSpendMinor', 1.5],
    ['currency', 'euro'],
    ['reason', ''],
    ['reason', 'trailing 12-month spend reached the gold threshold'],
    ['correction', null],
    ['source', 'pos-eu'],
  ])('rejects %s = %j', (field, value) => {
    const problems = failures(exampleWith('tier-changed', { [field]: value }));
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([field]);
  });

  it.each(Object.values(TIER_REASONS))('accepts the reason %s', (reason) => {
    expect(failures(exampleWith('tier-changed', { reason }))).toEqual([]);
  });

  it('accepts a correction whose direction follows previousTier and newTier', () => {
    const correction = { correction: true, previousTier: 'platinum', newTier: 'gold' };
    expect(failures(exampleWith('tier-changed', { ...correction, direction: 'downgrade' }))).toEqual([]);
    expect(failures(exampleWith('tier-changed', { ...correction, direction: 'upgrade' }))).toEqual([
      'direction: must agree with the order of previousTier and newTier (lead < iron < gold < platinum)',
    ]);
  });

  it('reads an event from before the correction flag as no correction', () => {
    const event = TierChangedEventSchema.parse(exampleWith('tier-changed', { correction: undefined }));
    expect(event.correction).toBe(false);
  });
});
