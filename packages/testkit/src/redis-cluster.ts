// The local stack's Redis Cluster for integration tests. `stack.sh up` does not start it, so
// tests start it themselves (idempotent; concurrent starts wait on the stack's lock).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';

const run = promisify(execFile);
const STACK = fileURLToPath(new URL('../../../infra/local/stack.sh', import.meta.url));
// stack.sh's default, read the same way.
const PORTS = process.env.REDIS_CLUSTER_PORTS || '7000,7001,7002';

/** A bound for a test hook that starts the cluster (about 2 s; its first creation a little more). */
export const REDIS_CLUSTER_START_TIMEOUT_MS = 60_000;

/**
 * The local stack's Redis Cluster as a REDIS_CLUSTER_NODES value ("127.0.0.1:7000,..."),
 * started if it is not running.
 */
export async function sharedRedisClusterNodes(): Promise<string> {
  try {
    await run('bash', [STACK, 'up', 'redis-cluster'], { timeout: REDIS_CLUSTER_START_TIMEOUT_MS });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`stack.sh up redis-cluster failed: ${stderr.trim() || String(error)}`);
  }
  return PORTS.split(',')
    .map((port) => `127.0.0.1:${port.trim()}`)
    .join(',');
}

/** An ioredis Cluster client of `nodes` (a REDIS_CLUSTER_NODES value), after a PING. */
export async function connectRedisCluster(nodes: string): Promise<Cluster> {
  const cluster = new Cluster(
    nodes.split(',').map((node) => {
      const [host = '', port = ''] = node.split(':');
      return { host, port: Number(port) };
    }),
    { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } },
  );
  // Restart tests take nodes away on purpose; reconnection is ioredis's job.
  cluster.on('error', () => undefined);
  cluster.on('node error', () => undefined);
  try {
    await cluster.connect();
    await cluster.ping();
  } catch (error) {
    cluster.disconnect();
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Redis Cluster is not reachable at ${nodes}: ${why}; start it with \`npm run stack up redis-cluster\``,
    );
  }
  return cluster;
}
