// A private server of the local stack for a fault test: its own state folder and ports, so
// stopping or restarting it never disturbs the shared servers other tests are using.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);
const STACK = fileURLToPath(new URL('../../../infra/local/stack.sh', import.meta.url));
const SHARED_STATE =
  process.env.LOYALTY_STATE_DIR || fileURLToPath(new URL('../../../.state', import.meta.url));

/** A bound for a test hook that starts a private server: what stack.sh may take, on a busy machine. */
export const PRIVATE_SERVICE_START_TIMEOUT_MS = 180_000;

export type StackService = 'redis' | 'clickhouse' | 'kafka' | 'redis-cluster';

export interface PrivateServiceOptions {
  /**
   * Start the server in the stack's secure mode (LOYALTY_STACK_SECURE=1, see stack.sh) with a
   * fresh password: Kafka's SASL_SSL listener, Redis over TLS with an ACL user, ClickHouse
   * with a password. `env` then carries the credentials and TLS settings a client needs.
   * (redis-cluster has no secure mode.)
   */
  readonly secure?: boolean;
}

export interface PrivateService {
  /**
   * The connection variables pointing at this server (KAFKA_BROKERS, REDIS_URL,
   * REDIS_CLUSTER_NODES or CLICKHOUSE_URL), and in secure mode the credentials and TLS
   * variables too.
   */
  readonly env: Record<string, string>;
  /**
   * The URL or host:port of the server (in secure mode, of its secure endpoint); a cluster's
   * host:port list.
   */
  readonly address: string;
  /** A graceful stop, as an operator does it. */
  stop(): Promise<void>;
  /** A crash: SIGKILL to the server (every node of a cluster), then the stack script tidies its pid files. */
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

// Private servers take ports base+0 to base+7; a private cluster's nodes base+8 to base+10,
// whose bus ports (each + 10000, Redis's rule) keep those last two digits, so no other private
// server's port is one of them. Every port stays below 32768, where Linux's ephemeral range
// starts: a client's outgoing connection can never hold a port a private server needs. The
// bases run from 10000 to 21900 but skip 17000, whose first ports are the bus ports of the
// shared cluster's nodes (7000-7002).
function randomPortBase(): number {
  const slot = Math.floor(Math.random() * 119);
  return 10_000 + (slot >= 70 ? slot + 1 : slot) * 100;
}

/** The ports of a slot a private service may use: base .. base + 10. */
const PORTS_PER_SERVICE = 11;

/**
 * The first port of a random slot whose ports nothing listens on yet: another server on the
 * machine (a developer's own stack on other ports) must not make a private server fail to bind.
 * Every private server (a stack service here, the schema registry) takes its ports this way, so
 * that none lands on another's, nor on a private cluster's bus ports.
 */
export async function freePortSlot(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = randomPortBase();
    const ports = Array.from({ length: PORTS_PER_SERVICE }, (_, i) => base + i);
    // A cluster's bus ports too: those of a cluster 10000 below or above share their last digits.
    ports.push(...[8, 9, 10].map((node) => base + node + 10_000));
    if ((await Promise.all(ports.map(isFree))).every(Boolean)) return base;
  }
  throw new Error('no free slot of ports between 10000 and 21999 for a private service');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Starts a private instance of one stack service on fresh ports (about 2 s; Kafka about 6 s). */
export async function startPrivateService(
  service: StackService,
  { secure = false }: PrivateServiceOptions = {},
): Promise<PrivateService> {
  if (secure && service === 'redis-cluster') throw new Error('redis-cluster has no secure mode');
  const state = mkdtempSync(join(tmpdir(), `loyalty-${service}-`));
  // stack.sh makes sure of Kafka's jars whichever service it starts.
  shareKafkaJars(state);
  const base = await freePortSlot();
  const clusterPorts = [base + 8, base + 9, base + 10];
  const address =
    service === 'redis'
      ? `redis://127.0.0.1:${base}`
      : service === 'clickhouse'
        ? `http://127.0.0.1:${base}`
        : service === 'redis-cluster'
          ? clusterPorts.map((port) => `127.0.0.1:${port}`).join(',')
          : `127.0.0.1:${base}`;
  const user = 'loyalty';
  const password = randomBytes(12).toString('hex');
  const env: Record<string, string> = {
    LOYALTY_STATE_DIR: state,
    REDIS_URL: service === 'redis' ? address : `redis://127.0.0.1:${base + 1}`,
    CLICKHOUSE_URL: service === 'clickhouse' ? address : `http://127.0.0.1:${base + 2}`,
    CLICKHOUSE_TCP_PORT: String(base + 3),
    KAFKA_BROKERS: service === 'kafka' ? address : `127.0.0.1:${base + 4}`,
    KAFKA_CONTROLLER_PORT: String(base + 5),
    KAFKA_SASL_SSL_PORT: String(base + 6),
    REDIS_TLS_PORT: String(base + 7),
    REDIS_CLUSTER_PORTS: clusterPorts.join(','),
    // Set either way, so that a secure mode exported in the test's shell does not leak in.
    LOYALTY_STACK_SECURE: secure ? '1' : '0',
    LOYALTY_SECURE_USER: user,
    LOYALTY_SECURE_PASSWORD: password,
  };
  const stack = async (command: 'up' | 'down') => {
    try {
      await run('bash', [STACK, command, service], {
        env: { ...process.env, ...env },
        timeout: PRIVATE_SERVICE_START_TIMEOUT_MS,
      });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`private ${service} ${command} failed: ${stderr.trim() || String(error)}`);
    }
  };
  await stack('up');
  const connection = {
    redis: 'REDIS_URL',
    'redis-cluster': 'REDIS_CLUSTER_NODES',
    clickhouse: 'CLICKHOUSE_URL',
    kafka: 'KAFKA_BROKERS',
  }[service];
  const pidFiles =
    service === 'redis-cluster'
      ? clusterPorts.map((port) => `redis-cluster-${port}.pid`)
      : [`${service}.pid`];
  const crash = async () => {
    for (const file of pidFiles) {
      const pid = Number(readFileSync(join(state, 'run', file), 'utf8').trim());
      if (!isAlive(pid)) continue;
      process.kill(pid, 'SIGKILL');
      await waitFor(`${service} ${pid} to exit`, () => (isAlive(pid) ? undefined : true), {
        timeoutMs: 10_000,
      });
    }
    await stack('down');
  };
  const client = secure
    ? secureClientEnv(service, { base, state, user, password })
    : { env: { [connection]: address }, address };
  return {
    ...client,
    stop: () => stack('down'),
    crash,
    start: () => stack('up'),
    async destroy() {
      await stack('down').catch(() => undefined);
      rmSync(state, { recursive: true, force: true });
    },
  };
}

// The shared stack's Kafka jars, linked into a private state folder: resolving them again
// with Maven takes from a few seconds to half a minute on a busy machine. stack.sh checks the
// pom stamp inside and resolves afresh (replacing only the link) when they are stale.
function shareKafkaJars(state: string): void {
  const libs = join(SHARED_STATE, 'kafka', 'libs');
  if (!existsSync(libs) || !readdirSync(libs).some((name) => name.startsWith('.pom-'))) return;
  mkdirSync(join(state, 'kafka'), { recursive: true });
  symlinkSync(libs, join(state, 'kafka', 'libs'));
}

// What a client sets to reach the secure endpoint stack.sh opened (ports as passed above).
function secureClientEnv(
  service: StackService,
  { base, state, user, password }: { base: number; state: string; user: string; password: string },
): { env: Record<string, string>; address: string } {
  const ca = join(state, 'tls', 'ca.crt');
  if (service === 'kafka') {
    const address = `127.0.0.1:${base + 6}`;
    const env = {
      KAFKA_BROKERS: address,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: user,
      KAFKA_SASL_PASSWORD: password,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: ca,
    };
    return { env, address };
  }
  if (service === 'redis') {
    const address = `rediss://127.0.0.1:${base + 7}`;
    const env = { REDIS_URL: address, REDIS_USERNAME: user, REDIS_PASSWORD: password, REDIS_TLS_CA_FILE: ca };
    return { env, address };
  }
  const address = `http://127.0.0.1:${base}`;
  return { env: { CLICKHOUSE_URL: address, CLICKHOUSE_USER: user, CLICKHOUSE_PASSWORD: password }, address };
}
