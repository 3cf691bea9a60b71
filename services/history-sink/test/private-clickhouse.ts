// A ClickHouse of its own for a fault test, started and stopped with the stack script on
// free ports and a temporary state folder, so that stopping it disturbs no other test.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from '@loyalty/testkit';

const STACK = fileURLToPath(new URL('../../../infra/local/stack.sh', import.meta.url));

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// HTTP on 18000-18999 and native TCP 1000 above it, clear of the shared stack's ports.
async function freePorts(): Promise<{ http: number; tcp: number }> {
  for (let tries = 0; tries < 50; tries++) {
    const http = 18_000 + Math.floor(Math.random() * 1_000);
    if ((await isFree(http)) && (await isFree(http + 1_000))) return { http, tcp: http + 1_000 };
  }
  throw new Error('no free port pair found in 18000-19999');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface PrivateClickHouse {
  readonly url: string;
  up(): Promise<void>;
  down(): Promise<void>;
  /** Stops the server and removes its state folder. */
  remove(): Promise<void>;
}

/** Starts a private ClickHouse and returns its URL and controls. */
export async function startPrivateClickHouse(): Promise<PrivateClickHouse> {
  const { http, tcp } = await freePorts();
  const stateDir = await mkdtemp(join(tmpdir(), 'loyalty-ch-'));
  const url = `http://127.0.0.1:${http}`;
  const env = {
    ...process.env,
    LOYALTY_STATE_DIR: stateDir,
    CLICKHOUSE_URL: url,
    CLICKHOUSE_TCP_PORT: String(tcp),
  };
  const logPath = join(stateDir, 'stack-script.log');

  // The script's output goes to a file, not a pipe: the shell that stack.sh leaves behind as
  // the server's parent keeps its stdio open, and a pipe would never close.
  const stack = async (command: 'up' | 'down') => {
    const log = await open(logPath, 'a');
    try {
      const child = spawn('bash', [STACK, command, 'clickhouse'], { env, stdio: ['ignore', log.fd, log.fd] });
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', resolve);
      });
      if (code !== 0)
        throw new Error(`stack.sh ${command} clickhouse exited ${code}: ${await readFile(logPath, 'utf8')}`);
    } finally {
      await log.close();
    }
  };

  // stack.sh records the pid of the shell that started clickhouse-server, not the server's,
  // so its `down` ends only that shell. The server is that shell's child: remember it by
  // parent pid after each start, and end it by pid.
  let serverPid: number | undefined;
  const findServer = async () => {
    const shell = (await readFile(join(stateDir, 'run', 'clickhouse.pid'), 'utf8')).trim();
    const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', shell]).catch(() => ({
      stdout: '',
    }));
    const child = Number(stdout.trim().split(/\s+/)[0]);
    serverPid = Number.isSafeInteger(child) && child > 0 ? child : undefined;
  };
  const up = async () => {
    await stack('up');
    await findServer();
  };
  // A crash (SIGKILL), not a graceful stop: on SIGTERM the server closes its listening
  // socket but goes on answering on open keep-alive connections for up to 30 s while it
  // drains, so a busy client would hardly notice. stack.sh down then tidies its pid file.
  const down = async () => {
    const pid = serverPid;
    serverPid = undefined;
    if (pid !== undefined && isAlive(pid)) {
      process.kill(pid, 'SIGKILL');
      await waitFor(`clickhouse-server ${pid} to exit`, () => (isAlive(pid) ? undefined : true), {
        timeoutMs: 10_000,
      });
    }
    await stack('down');
  };

  await up();
  return {
    url,
    up,
    down,
    async remove() {
      await down();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
