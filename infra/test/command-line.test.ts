import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseCommandLine, UsageError } from '../demo/command-line.js';

const Schema = z
  .object({
    events: z.coerce.number().int().positive().default(10),
    latenessMs: z.coerce.number().int().nonnegative().default(2_000),
    skip: z.array(z.enum(['raw', 'naive'])).default([]),
    json: z.boolean().default(false),
  })
  .strict();

const parse = (...argv: string[]) => parseCommandLine(Schema, argv);

describe('parseCommandLine', () => {
  it('spells each schema key in kebab case, with defaults for what is not given', () => {
    expect(parse('--lateness-ms', '5', '--skip', 'raw, naive', '--json')).toEqual({
      events: 10,
      latenessMs: 5,
      skip: ['raw', 'naive'],
      json: true,
    });
    expect(parse()).toEqual({ events: 10, latenessMs: 2_000, skip: [], json: false });
  });

  it('means help by -h or --help', () => {
    expect(parse('-h')).toBeUndefined();
    expect(parse('--events', '3', '--help')).toBeUndefined();
  });

  it('names the option a problem is with, as written on the command line', () => {
    expect(() => parse('--lateness-ms', 'soon')).toThrow(
      new UsageError('--lateness-ms: Invalid input: expected number, received NaN'),
    );
    expect(() => parse('--skip', 'raw,bogus')).toThrow(/^--skip: Invalid option/);
    expect(() => parse('--latenessMs', '5')).toThrow(UsageError);
    expect(() => parse('--json', 'yes')).toThrow(UsageError);
  });
});
