import { describe, expect, it } from 'vitest';
import { jsonNestingExceeds } from './json-depth.js';

describe('jsonNestingExceeds', () => {
  it('counts objects and arrays alike', () => {
    expect(jsonNestingExceeds('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(jsonNestingExceeds('{"a":[{"b":[]}]}', 3)).toBe(true);
  });

  it('measures the deepest branch, not the number of brackets', () => {
    expect(jsonNestingExceeds('[[],[],[],[],[]]', 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestingExceeds('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(jsonNestingExceeds('{"a":"\\"[[[[\\\\"}', 1)).toBe(false);
    expect(jsonNestingExceeds('{"a":"\\\\",  "b":[[1]]}', 2)).toBe(true);
  });

  it('leaves an unterminated string to JSON.parse to reject', () => {
    expect(jsonNestingExceeds('{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1, "[[[[', 40)).toBe(false);
    expect(jsonNestingExceeds('{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1, "[[[[', 30)).toBe(true);
  });

  it('handles a million levels without recursion', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    expect(jsonNestingExceeds(deep, 32)).toBe(true);
  });
});
