import { describe, expect, it } from 'vitest';
import { parseCdnow } from './cdnow-file.js';

describe('parseCdnow', () => {
  it('reads each line: sample id, day, CDs and exact cents; skips blank lines', () => {
    const text =
      ' 00004 0001 19970101  2   29.33\n\n 00021 0002 19970930  1   5\n00021 0002 19971001 10 0.5\n';
    expect(parseCdnow(text)).toEqual([
      { line: 1, customer: 1, day: '1997-01-01', cds: 2, cents: 2_933 },
      { line: 3, customer: 2, day: '1997-09-30', cds: 1, cents: 500 },
      { line: 4, customer: 2, day: '1997-10-01', cds: 10, cents: 50 },
    ]);
  });

  it.each([
    ['four fields', '00004 0001 19970101 2'],
    ['a day that does not exist', '00004 0001 19970230 2 29.33'],
    ['no CDs', '00004 0001 19970101 0 29.33'],
    ['fractions of a cent', '00004 0001 19970101 2 29.335'],
    ['a negative amount', '00004 0001 19970101 2 -29.33'],
  ])('rejects %s, naming the line', (_, line) => {
    expect(() => parseCdnow(`00004 0001 19970101 2 29.33\n${line}\n`)).toThrow(/^line 2 /);
  });
});
