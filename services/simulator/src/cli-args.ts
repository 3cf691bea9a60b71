import { parseArgs } from 'node:util';
import { DEFAULT_BATCH_SIZE } from './kafka-writer.js';
import type { Pacing } from './pacing.js';
import { type ResolvedTrafficOptions, resolveTrafficOptions, StartSchema } from './traffic-options.js';

/** A command line that cannot run; the message is one line naming the flag. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface KafkaFlags {
  readonly pacing: Pacing;
  readonly batchSize: number;
  readonly topicPrefix: string;
}

export type CliCommand =
  | { readonly command: 'help' }
  | { readonly command: 'version' }
  | {
      readonly command: 'run';
      readonly traffic: ResolvedTrafficOptions;
      readonly kafka: KafkaFlags;
      readonly quiet: boolean;
    }
  | {
      readonly command: 'write';
      readonly traffic: ResolvedTrafficOptions;
      readonly out: string;
      readonly quiet: boolean;
    }
  | {
      readonly command: 'replay';
      readonly input: string;
      readonly kafka: KafkaFlags;
      readonly quiet: boolean;
    };

export const USAGE = `Usage: simulator <command> [flags]

Synthetic POS, web shop, CRM and marketing traffic, deterministic for a seed.

Commands:
  run                    generate traffic and write it to Kafka
  write --out FILE       generate traffic into an NDJSON file
  replay --in FILE       write the messages of an NDJSON file to Kafka

Generation (run, write):
  --seed N               PRNG seed, a non-negative integer (default 1)
  --customers N          customers at the start (default 1000); referrals add a few more
  --days N               simulated days (default 400: tiers need a year of history to fall)
  --start DATE           first simulated day: 2025-01-01, or a date-time with offset (default 2025-01-01)
  --malformed SHARE      share of malformed messages, 0 to 0.45 (default 0.01)
  --duplicates SHARE     share of re-sent duplicates, 0 to 0.45 (default 0.005)
  --currency CODE        base currency of purchases (default EUR)

Kafka (run, replay):
  --rate N               pace at N events per second
  --compress MINUTES     pace by event time: a simulated year in MINUTES of wall time
  --batch-size N         messages per produce request (default ${DEFAULT_BATCH_SIZE})
  --topic-prefix P       prefix every topic name with P (a private namespace for tests)

  --quiet                no progress bar on stderr
  --help                 this text
  --version              the version

Environment: KAFKA_BROKERS (default 127.0.0.1:9092), KAFKA_CLIENT_ID, LOG_LEVEL (default warn).
At the end a one-line JSON summary (counts by topic, kind and defect) goes to stdout.`;

const GENERATION_FLAGS = [
  'seed',
  'customers',
  'days',
  'start',
  'malformed',
  'duplicates',
  'currency',
] as const;
const KAFKA_FLAGS = ['rate', 'compress', 'batch-size', 'topic-prefix'] as const;

const FLAGS_OF = {
  run: [...GENERATION_FLAGS, ...KAFKA_FLAGS],
  write: [...GENERATION_FLAGS, 'out'],
  replay: [...KAFKA_FLAGS, 'in'],
} as const;
type Command = keyof typeof FLAGS_OF;

const stringFlag = { type: 'string' } as const;
const OPTIONS = {
  seed: stringFlag,
  customers: stringFlag,
  days: stringFlag,
  start: stringFlag,
  malformed: stringFlag,
  duplicates: stringFlag,
  currency: stringFlag,
  rate: stringFlag,
  compress: stringFlag,
  'batch-size': stringFlag,
  'topic-prefix': stringFlag,
  out: stringFlag,
  in: stringFlag,
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
  version: { type: 'boolean' },
} as const;
type Flag = keyof typeof OPTIONS;
type FlagValues = Partial<Record<Flag, string | boolean>>;

function invalid(flag: string, raw: string, expected: string): UsageError {
  return new UsageError(`--${flag}: ${JSON.stringify(raw)} is invalid; expected ${expected}`);
}

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const expected = `an integer from ${min} to ${max}`;
  if (!/^\d+$/.test(raw)) throw invalid(flag, raw, expected);
  const value = Number(raw);
  if (value < min || value > max) throw invalid(flag, raw, expected);
  return value;
}

function decimal(flag: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const expected = `a number from ${min} to ${max}`;
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(raw)) throw invalid(flag, raw, expected);
  const value = Number(raw);
  if (value < min || value > max) throw invalid(flag, raw, expected);
  return value;
}

function positive(flag: string, raw: string, max: number): number {
  const value = decimal(flag, raw, 0, 0, max);
  if (value <= 0) throw invalid(flag, raw, `a number above 0, at most ${max}`);
  return value;
}

function parseFlags(argv: readonly string[]): { positionals: string[]; values: FlagValues } {
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    return { positionals, values };
  } catch (error) {
    // node:util's messages run to several lines; keep the flag and say it in one.
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? 'a flag';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${flag}; see --help`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(
        message.includes('does not take') ? `${flag} takes no value` : `${flag} needs a value`,
      );
    }
    throw new UsageError(message.split('\n')[0] ?? message);
  }
}

function trafficFlags(values: FlagValues): ResolvedTrafficOptions {
  const text = (flag: Flag): string | undefined => values[flag] as string | undefined;
  const start = text('start');
  if (start !== undefined && !StartSchema.safeParse(start).success) {
    throw invalid(
      'start',
      start,
      'a date such as 2025-01-01, or a date-time with offset such as 2025-01-01T08:00:00+01:00',
    );
  }
  const currency = text('currency');
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    throw invalid('currency', currency, 'an ISO 4217 code of 3 upper-case letters, e.g. EUR');
  }
  const days = text('days');
  const malformed = decimal('malformed', text('malformed'), 0.01, 0, 0.45);
  const duplicates = decimal('duplicates', text('duplicates'), 0.005, 0, 0.45);
  return resolveTrafficOptions({
    seed: integer('seed', text('seed'), 1, 0, Number.MAX_SAFE_INTEGER),
    customers: integer('customers', text('customers'), 1000, 1, 10_000_000),
    durationDays: days === undefined ? 400 : positive('days', days, 3_660),
    ...(start === undefined ? {} : { start }),
    malformedShare: malformed,
    duplicateShare: duplicates,
    ...(currency === undefined ? {} : { currency }),
  });
}

function kafkaFlags(values: FlagValues): KafkaFlags {
  const rate = values.rate as string | undefined;
  const compress = values.compress as string | undefined;
  if (rate !== undefined && compress !== undefined) {
    throw new UsageError('--rate and --compress exclude each other: pace by count or by event time');
  }
  const pacing: Pacing =
    rate !== undefined
      ? { mode: 'rate', eventsPerSecond: positive('rate', rate, 1_000_000) }
      : compress !== undefined
        ? { mode: 'compressed', minutesPerSimulatedYear: positive('compress', compress, 525_600) }
        : { mode: 'max' };
  const topicPrefix = (values['topic-prefix'] as string | undefined) ?? '';
  // Kafka topic names allow letters, digits, '.', '_' and '-', up to 249 characters.
  if (!/^[A-Za-z0-9._-]{0,200}$/.test(topicPrefix)) {
    throw invalid('topic-prefix', topicPrefix, "letters, digits, '.', '_' or '-' (at most 200)");
  }
  return {
    pacing,
    batchSize: integer(
      'batch-size',
      values['batch-size'] as string | undefined,
      DEFAULT_BATCH_SIZE,
      1,
      10_000,
    ),
    topicPrefix,
  };
}

function requiredPath(values: FlagValues, flag: 'out' | 'in', command: Command): string {
  const path = values[flag] as string | undefined;
  if (path === undefined || path === '') throw new UsageError(`${command} needs --${flag} FILE`);
  return path;
}

/** The command a command line asks for; throws a UsageError with a one-line reason. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { positionals, values } = parseFlags(argv);
  if (values.help === true) return { command: 'help' };
  if (values.version === true) return { command: 'version' };
  const [name, extra] = positionals;
  if (name === undefined) throw new UsageError('missing command: run, write or replay; see --help');
  if (!Object.hasOwn(FLAGS_OF, name))
    throw new UsageError(`unknown command ${JSON.stringify(name)}; expected run, write or replay`);
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
  const command = name as Command;
  const allowed: readonly string[] = [...FLAGS_OF[command], 'quiet', 'help'];
  for (const flag of Object.keys(values)) {
    if (!allowed.includes(flag)) throw new UsageError(`--${flag} does not apply to ${command}`);
  }
  const quiet = values.quiet === true;
  switch (command) {
    case 'run':
      return { command, traffic: trafficFlags(values), kafka: kafkaFlags(values), quiet };
    case 'write':
      return { command, traffic: trafficFlags(values), out: requiredPath(values, 'out', command), quiet };
    case 'replay':
      return { command, input: requiredPath(values, 'in', command), kafka: kafkaFlags(values), quiet };
  }
}
