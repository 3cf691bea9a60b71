import type { Env } from '@loyalty/config';
import type { z } from 'zod';

/** Where a command reads its environment and writes its output (the process, or a test's buffers). */
export interface CliIo {
  readonly env: Env;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** One subcommand of `loyalty`. */
export interface Command {
  readonly name: string;
  /** One line for `loyalty help`. */
  readonly summary: string;
  /** The full usage text, shown on `loyalty help <name>` and after a usage error. */
  readonly usage: string;
  /** Every environment schema the command reads (docs/configuration.md lists their variables). */
  readonly env: readonly z.ZodObject[];
  /** Runs with the arguments after the command's name; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Wrong arguments: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes: 0 done, 1 failed (e.g. ClickHouse unreachable), 2 wrong arguments or configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Refuses arguments left over after a command's own. */
export function noMoreArguments(extra: readonly string[]): void {
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
}

/** Checks that the positionals are exactly `action`, the command's one action. */
export function requireAction(positionals: readonly string[], action: string): void {
  const [given, ...extra] = positionals;
  if (given !== action) {
    throw new UsageError(given === undefined ? 'missing action' : `unknown action ${JSON.stringify(given)}`);
  }
  noMoreArguments(extra);
}

/**
 * The arguments with a negative number after one of `valueOptions` joined to it (`--limit -3`
 * becomes `--limit=-3`): node's parseArgs takes such a value for an option and refuses it with
 * text about dashes, where the command's own check says what the value must be.
 */
export function withNegativeValuesJoined(args: readonly string[], valueOptions: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (valueOptions.includes(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}
