import { describe, expect, it } from 'vitest';
import { slicesOf } from './send-in-slices.js';

const messages = (topic: string, count: number) => ({
  topic,
  messages: Array.from({ length: count }, (_, i) => ({ key: `${topic}-${i}`, value: String(i) })),
});

describe('slicesOf', () => {
  it('bounds every topic in every slice and keeps each topic in order across slices', () => {
    const slices = slicesOf([messages('a', 5), messages('b', 2), messages('c', 0)], 2);
    expect(slices.map((slice) => slice.map(({ topic, messages }) => `${topic}:${messages.length}`))).toEqual([
      ['a:2', 'b:2'],
      ['a:2'],
      ['a:1'],
    ]);
    expect(
      slices.flatMap((slice) =>
        slice.filter((t) => t.topic === 'a').flatMap((t) => t.messages.map((m) => m.key)),
      ),
    ).toEqual(['a-0', 'a-1', 'a-2', 'a-3', 'a-4']);
  });

  it('sends nothing for nothing', () => {
    expect(slicesOf([], 3)).toEqual([]);
    expect(slicesOf([messages('a', 0)], 3)).toEqual([]);
  });

  it('refuses a slice that holds no message', () => {
    expect(() => slicesOf([messages('a', 1)], 0)).toThrow(RangeError);
  });
});
