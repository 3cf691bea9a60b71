// The pipeline's services as operators run them: `node --conditions=compiled <dist main.js>`
// (the build bootstrap makes), with the repository root as working directory, the process
// itself rather than a wrapper that a SIGTERM would leave with an orphaned grandchild.
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pollUntil } from './poll-until.js';

/** The repository root, the working directory of every service. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A service failed: it exited unexpectedly, did not get ready, or did not stop cleanly. */
export class ServiceFailure extends Error {
  constructor(
    message: string,
    readonly service: string,
    readonly logFile: string,
  ) {
    super(`${message}; its log: ${logFile}`);
    this.name = 'ServiceFailure';
  }

  /** The last lines of the service's log, to print under the one-line error. */
  async logTail(lines = 20): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }
}

export interface ServiceSpec {
  /** The name used in messages, e.g. "aggregator". */
  readonly name: string;
  /** The service's main module in src/, relative to the repository root; its build in dist/ runs. */
  readonly main: string;
  readonly env: Readonly<Record<string, string>>;
  /** Receives the service's stdout and stderr. */
  readonly logFile: string;
  /** The `msg` of the JSON log line the service writes once it consumes. */
  readonly readyMessage: string;
  readonly readyTimeoutMs?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
}

const STOP_TIMEOUT_MS = 30_000;

/** A running service process; start() resolves once it logged that it is ready. */
export class ServiceProcess {
  private readonly child: ChildProcess;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private stopping = false;

  private constructor(readonly spec: ServiceSpec) {
    // The child writes straight into its log file: nothing is lost if this process dies,
    // and the orchestrator does not relay every log line.
    const fd = openSync(spec.logFile, 'w');
    try {
      this.child = spawn(
        process.execPath,
        ['--conditions=compiled', ...(spec.nodeFlags ?? []), compiledMain(spec.main)],
        {
          cwd: REPO_ROOT,
          env: spec.env,
          stdio: ['ignore', fd, fd],
        },
      );
    } finally {
      closeSync(fd);
    }
    // If this process ends first (a crash), the service must not run on unattended.
    const orphaned = () => this.child.kill('SIGKILL');
    process.once('exit', orphaned);
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        process.off('exit', orphaned);
        this.exited = { code, signal };
        resolve(this.exited);
      });
    });
  }

  /** Spawns the service and waits until it logs its ready message. */
  static async start(spec: ServiceSpec): Promise<ServiceProcess> {
    const service = new ServiceProcess(spec);
    const marker = `"msg":"${spec.readyMessage}"`;
    try {
      await pollUntil(
        `${spec.name} to log "${spec.readyMessage}"`,
        async () => ((await readFile(spec.logFile, 'utf8')).includes(marker) ? true : undefined),
        { timeoutMs: spec.readyTimeoutMs ?? 60_000, intervalMs: 100, guard: () => service.check() },
      );
    } catch (error) {
      await service.kill();
      if (error instanceof ServiceFailure) throw error;
      throw service.failure(error instanceof Error ? error.message : String(error));
    }
    return service;
  }

  get name(): string {
    return this.spec.name;
  }

  /** The process id, while it runs. */
  get pid(): number | undefined {
    return this.exited === undefined ? this.child.pid : undefined;
  }

  /** Throws a ServiceFailure if the service has exited without being asked to. */
  check(): void {
    if (this.exited !== undefined && !this.stopping) {
      throw this.failure(`${this.name} exited unexpectedly (${describeExit(this.exited)})`);
    }
  }

  /** Sends SIGTERM and waits for the exit; anything but exit code 0 is a ServiceFailure. */
  async stop(timeoutMs = STOP_TIMEOUT_MS): Promise<void> {
    this.check();
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const exit = await this.exit.finally(() => clearTimeout(timer));
    if (exit.code !== 0) {
      throw this.failure(`${this.name} did not stop cleanly on SIGTERM (${describeExit(exit)})`);
    }
  }

  /** Ends the process at once (cleanup after a failure); never throws. */
  async kill(): Promise<void> {
    this.stopping = true;
    if (this.exited === undefined) this.child.kill('SIGKILL');
    await this.exit;
  }

  private failure(message: string): ServiceFailure {
    return new ServiceFailure(message, this.name, this.spec.logFile);
  }
}

function describeExit({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }): string {
  return signal === null ? `exit code ${code}` : `signal ${signal}`;
}

/**
 * The JavaScript `pnpm run build` made of a package's src/ module (bootstrap builds it): the
 * service runs as its image runs it, without compiling TypeScript at start.
 */
export function compiledMain(main: string): string {
  return main.replace(/(^|\/)src\//, '$1dist/').replace(/\.ts$/, '.js');
}
