import { describe, expect, it } from 'vitest';
import { STAGES, StageChangedEventSchema } from './stage-changed.js';
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
    ['source', 'someone-else'],
  ])('rejects %s = %j', (field, value) => {
    expect(failingPaths(exampleWith('stage-changed', { [field]: value }))).toEqual([field]);
  });
});
