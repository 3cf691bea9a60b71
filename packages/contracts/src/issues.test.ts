import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues } from './issues.js';

function issuesOf(schema: z.ZodType, input: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to fail');
  return result.error.issues;
}

describe('describeIssues', () => {
  it('names each failing path, with array indexes in brackets', () => {
    const schema = z.object({
      lines: z.array(z.object({ quantity: z.int().positive() })),
      currency: z.string(),
    });
    expect(describeIssues(issuesOf(schema, { lines: [{ quantity: 1 }, { quantity: 0 }] }))).toBe(
      'lines[1].quantity: Too small: expected number to be >0; currency: Invalid input: expected string, received undefined',
    );
  });

  it('names the root when the value itself fails', () => {
    expect(describeIssues(issuesOf(z.object({}), 'text'))).toBe(
      '(root): Invalid input: expected object, received string',
    );
  });

  it('lists at most eight issues and counts the rest', () => {
    const schema = z.array(z.string());
    const text = describeIssues(issuesOf(schema, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(text.split('; ')).toHaveLength(9);
    expect(text.endsWith('; and 2 more')).toBe(true);
  });
});
