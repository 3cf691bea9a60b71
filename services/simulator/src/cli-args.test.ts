import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './cli-args.js';

function usageError(argv: string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('parseCliArgs', () => {
  it('reads run with its defaults and pacing', () => {
    expect(parseCliArgs(['run'])).toEqual({
      command: 'run',
      traffic: {
        seed: 1,
        customers: 1000,
        start: '2025-01-01',
        durationDays: 400,
        malformedShare: 0.01,
        duplicateShare: 0.005,
        currency: 'EUR',
      },
      kafka: { pacing: { mode: 'max' }, batchSize: 500, topicPrefix: '' },
      quiet: false,
    });
    const paced = parseCliArgs([
      'run',
      '--seed',
      '9',
      '--customers=50',
      '--days',
      '30',
      '--rate',
      '250.5',
      '--quiet',
    ]);
    expect(paced).toMatchObject({
      traffic: { seed: 9, customers: 50, durationDays: 30 },
      kafka: { pacing: { mode: 'rate', eventsPerSecond: 250.5 } },
      quiet: true,
    });
    expect(parseCliArgs(['run', '--compress', '10', '--topic-prefix', 't1.'])).toMatchObject({
      kafka: { pacing: { mode: 'compressed', minutesPerSimulatedYear: 10 }, topicPrefix: 't1.' },
    });
  });

  it('reads write and replay with their files', () => {
    expect(
      parseCliArgs([
        'write',
        '--out',
        'x.ndjson',
        '--malformed',
        '0',
        '--start',
        '2024-03-01T00:00:00+01:00',
      ]),
    ).toMatchObject({
      command: 'write',
      out: 'x.ndjson',
      traffic: { malformedShare: 0, start: '2024-03-01T00:00:00+01:00' },
    });
    expect(parseCliArgs(['replay', '--in', 'x.ndjson', '--batch-size', '1000'])).toMatchObject({
      command: 'replay',
      input: 'x.ndjson',
      kafka: { batchSize: 1000 },
    });
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseCliArgs(['--version'])).toEqual({ command: 'version' });
  });

  it.each([
    [
      ['run', '--customers', 'many'],
      '--customers: "many" is invalid; expected an integer from 1 to 10000000',
    ],
    [['run', '--customers', '0'], '--customers: "0" is invalid; expected an integer from 1 to 10000000'],
    [['run', '--seed', '-1'], '--seed needs a value'],
    [['run', '--seed', '1.5'], '--seed: "1.5" is invalid; expected an integer from 0 to 9007199254740991'],
    [['run', '--days', '0'], '--days: "0" is invalid; expected a number above 0, at most 3660'],
    [['run', '--malformed', '0.9'], '--malformed: "0.9" is invalid; expected a number from 0 to 0.45'],
    [['run', '--start', '2025-01-01T00:00:00'], '--start: "2025-01-01T00:00:00" is invalid; expected a date'],
    [['run', '--currency', 'eur'], '--currency: "eur" is invalid; expected an ISO 4217 code'],
    [['run', '--rate', '10', '--compress', '5'], '--rate and --compress exclude each other'],
    [['run', '--rate', '0'], '--rate: "0" is invalid; expected a number above 0'],
    [['run', '--topic-prefix', 'a/b'], '--topic-prefix: "a/b" is invalid'],
    [['run', '--bogus'], 'unknown flag --bogus; see --help'],
    [['run', '--quiet=yes'], '--quiet takes no value'],
    [['run', 'extra'], 'unexpected argument "extra"'],
    [['write'], 'write needs --out FILE'],
    [['write', '--out', 'f', '--rate', '5'], '--rate does not apply to write'],
    [['replay', '--in', 'f', '--seed', '5'], '--seed does not apply to replay'],
    [['launch'], 'unknown command "launch"; expected run, write or replay'],
    [['toString'], 'unknown command "toString"'],
    [[], 'missing command'],
  ])('rejects %j in one line', (argv, message) => {
    const text = usageError(argv);
    expect(text.startsWith(message)).toBe(true);
    expect(text).not.toContain('\n');
  });
});
