// `loyalty` run in-process the way the tests drive it: an environment in, exit code and what
// it printed out.
import type { Env } from '@loyalty/config';
import { main } from '../src/main.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `loyalty <argv>` with `env` and collects its exit code, stdout and stderr. */
export async function runCli(env: Env, argv: readonly string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    env,
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}
