import { createKafka } from '@loyalty/kafka';
import { openRedis } from '@loyalty/redis-store';
import type { Logger } from '@loyalty/runtime';
import type { Admin } from 'kafkajs';
import type { DashboardEnv } from './config.js';
import { type Dashboard, startDashboard } from './server.js';

/**
 * The dashboard as configured by `env`: the history of CLICKHOUSE_DATABASE (and of any other
 * migrated database on the server), and the freshness of the pipeline of that namespace from
 * its Redis and Kafka, connected on first use. Closing it closes every connection.
 */
export async function serveDashboard(env: DashboardEnv, log: Logger): Promise<Dashboard> {
  // A page must not wait for a store that is down: commands fail at once while disconnected,
  // and the page says so (the connection keeps trying in the background).
  const redis = openRedis(env, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', (error: Error) => log.debug({ err: error }, 'Redis not reachable'));
  redis.connect().catch(() => undefined);
  const kafka = createKafka(env, log, `${env.KAFKA_CLIENT_ID}-dashboard`);
  // Every client made, so that closing ends a connection still being tried as well.
  const admins: Admin[] = [];
  let admin: Promise<Admin> | undefined;
  const connectedAdmin = () => {
    admin ??= (async () => {
      // One retry: a page waits at most 2 s for Kafka anyway, and the next page tries again.
      const client = kafka.admin({ retry: { retries: 1 } });
      admins.push(client);
      await client.connect();
      return client;
    })();
    admin.catch(() => {
      admin = undefined;
    });
    return admin;
  };
  const dashboard = await startDashboard({
    port: env.DASHBOARD_HTTP_PORT,
    host: env.DASHBOARD_HTTP_HOST,
    clickhouse: env,
    currency: env.LOYALTY_BASE_CURRENCY,
    pipeline: {
      redis,
      redisPrefix: env.REDIS_KEY_PREFIX,
      admin: connectedAdmin,
      topicNamespace: env.LOYALTY_TOPIC_NAMESPACE,
      aggregatorGroup: env.AGGREGATOR_GROUP_ID,
      sinkGroup: env.SINK_GROUP_ID,
      shards: env.LOYALTY_TOPIC_PARTITIONS,
    },
    log,
  }).catch((error: unknown) => {
    redis.disconnect();
    throw error;
  });
  return {
    port: dashboard.port,
    close: async () => {
      await dashboard.close();
      redis.disconnect();
      await Promise.all(admins.map((client) => client.disconnect()));
    },
  };
}
