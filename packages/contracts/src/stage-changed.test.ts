import { describe, expect, it } from 'vitest';
import { STAGE_RULES, STAGES, StageChangedEventSchema } from './stage-changed.js';
import { exampleWith, readExample } from './test-support/examples.js';

function failingPaths(input: unknown): string[] {
  const result = StageChangedEventSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('StageChangedEventSchema', () => {
  it('accepts the example move from first-time to repeat', () => {
    expect(StageChangedEventSchema.parse(readExample('stage-changed')).newStage).toBe('repeat');
  });

  it('accepts a first placement with no previous stage', () => {
    expect(failingPaths(exampleWith('stage-changed', { previousStage: null, newStage: 'suspect' }))).toEqual(
      [],
    );
  });

  it('accepts every stage of the ladder', () => {
    for (const newStage of STAGES) {
      expect(failingPaths(exampleWith('stage-changed', { previousStage: null, newStage }))).toEqual([]);
    }
  });

  it('rejects a change to the same stage', () => {
    expect(failingPaths(exampleWith('stage-changed', { previousStage: 'repeat' }))).toEqual(['newStage']);
  });

  it.each([
    ['newStage', 'loyal'],
    ['previousStage', 'lapsed'],
    ['previousStage', undefined],
    ['reason', undefined],
    ['reason', 'second purchase within 90 days'],
    ['correction', 1],
    ['source', 'someone-else'],
  ])('rejects %s = %j', (field, value) => {
    expect(failingPaths(exampleWith('stage-changed', { [field]: value }))).toEqual([field]);
  });

  it('accepts the rule of every stage as the reason', () => {
    for (const [newStage, reason] of Object.entries(STAGE_RULES)) {
      expect(failingPaths(exampleWith('stage-changed', { previousStage: null, newStage, reason }))).toEqual(
        [],
      );
    }
  });

  it('accepts a correction, and reads an event from before the flag as no correction', () => {
    expect(StageChangedEventSchema.parse(exampleWith('stage-changed', { correction: true })).correction).toBe(
      true,
    );
    expect(
      StageChangedEventSchema.parse(exampleWith('stage-changed', { correction: undefined })).correction,
    ).toBe(false);
  });
});
