// A private server of the local stack for a fault test: its own state folder and ports, so
// stopping or restarting it never disturbs the shared servers other tests are using.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);
const STACK = fileURLToPath(new URL('../../../infra/local/stack.sh', import.meta.url));

export type StackService = 'redis' | 'clickhouse' | 'kafka';

export interface PrivateService {
  /** The connection variables pointing at this server (KAFKA_BROKERS, REDIS_URL or CLICKHOUSE_URL). */
  readonly env: Record<string, string>;
  /** The URL or host:port of the server. */
  readonly address: string;
  /** A graceful stop, as an operator does it. */
  stop(): Promise<void>;
  /** A crash: SIGKILL to the server, then the stack script tidies its pid file. */
  crash(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its state folder. */
  destroy(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portBase(): number {
  return 20_000 + Math.floor(Math.random() * 400) * 100;
}

/** Starts a private instance of one stack service on fresh ports (about 2 s; Kafka about 6 s). */
export async function startPrivateService(service: StackService): Promise<PrivateService> {
  const state = mkdtempSync(join(tmpdir(), `loyalty-${service}-`));
  const base = portBase();
  const address =
    service === 'redis'
      ? `redis://127.0.0.1:${base}`
      : service === 'clickhouse'
        ? `http://127.0.0.1:${base}`
        : `127.0.0.1:${base}`;
  const env: Record<string, string> = {
    LOYALTY_STATE_DIR: state,
    REDIS_URL: service === 'redis' ? address : `redis://127.0.0.1:${base + 1}`,
    CLICKHOUSE_URL: service === 'clickhouse' ? address : `http://127.0.0.1:${base + 2}`,
    CLICKHOUSE_TCP_PORT: String(base + 3),
    KAFKA_BROKERS: service === 'kafka' ? address : `127.0.0.1:${base + 4}`,
    KAFKA_CONTROLLER_PORT: String(base + 5),
  };
  const stack = async (command: 'up' | 'down') => {
    try {
      await run('bash', [STACK, command, service], { env: { ...process.env, ...env }, timeout: 180_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`private ${service} ${command} failed: ${stderr.trim() || String(error)}`);
    }
  };
  await stack('up');
  const connection =
    service === 'redis' ? 'REDIS_URL' : service === 'clickhouse' ? 'CLICKHOUSE_URL' : 'KAFKA_BROKERS';
  const crash = async () => {
    const pid = Number(readFileSync(join(state, 'run', `${service}.pid`), 'utf8').trim());
    if (isAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      await waitFor(`${service} ${pid} to exit`, () => (isAlive(pid) ? undefined : true), {
        timeoutMs: 10_000,
      });
    }
    await stack('down');
  };
  return {
    env: { [connection]: address },
    address,
    stop: () => stack('down'),
    crash,
    start: () => stack('up'),
    async destroy() {
      await stack('down').catch(() => undefined);
      rmSync(state, { recursive: true, force: true });
    },
  };
}
