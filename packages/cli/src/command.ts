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
