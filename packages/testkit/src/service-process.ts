// A service of this repository as a process of its own, the way operators run it: node with
// tsx's loader (one process, so a signal reaches the service and not a wrapper), its JSON log
// collected for the test to read.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServiceProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Everything the service wrote so far, stdout and stderr. */
  output(): string;
  /** Waits until the log shows `message` (a pino msg) and returns the line's fields. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The port of the service's /healthz, /readyz and /metrics, from its log. */
  healthPort(timeoutMs?: number): Promise<number>;
}

/** Starts `main` (a path relative to the repository) with `env` on top of this process's environment. */
export function spawnService(main: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLog = (message: string, timeoutMs = 30_000) =>
    waitFor(
      `${main} to log "${message}"`,
      () => {
        if (child.exitCode !== null)
          throw new Error(`${main} exited with code ${child.exitCode}:\n${output.slice(-2_000)}`);
        for (const line of output.split('\n')) {
          if (!line.includes(`"msg":${JSON.stringify(message)}`)) continue;
          return JSON.parse(line) as Record<string, unknown>;
        }
        return undefined;
      },
      { timeoutMs },
    );
  return {
    child,
    exited,
    output: () => output,
    waitForLog,
    healthPort: async (timeoutMs) => Number((await waitForLog('health and metrics served', timeoutMs)).port),
  };
}
