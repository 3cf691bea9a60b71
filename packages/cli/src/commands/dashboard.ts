import { parseArgs } from 'node:util';
import { parseEnv } from '@loyalty/config';
import { dashboardEnv, serveDashboard } from '@loyalty/dashboard';
import { createLogger } from '@loyalty/runtime';
import { type Command, EXIT, noMoreArguments, UsageError } from '../command.js';

const USAGE = `usage: loyalty dashboard [--port N] [--host ADDRESS]

Serves the web dashboard (overview, analysts, win-back, CLV model and customer pages) until
Ctrl-C or SIGTERM, and prints its address.

  --port   the port to listen on (default DASHBOARD_HTTP_PORT, 8090; 0 picks a free one)
  --host   the address to listen on (default DASHBOARD_HTTP_HOST, 127.0.0.1)

The pages read the history of CLICKHOUSE_DATABASE (CLICKHOUSE_URL, CLICKHOUSE_USER,
CLICKHOUSE_PASSWORD), or of any other migrated database on that server chosen on the page;
amounts are in LOYALTY_BASE_CURRENCY. The overview's freshness reads the watermarks in Redis
(REDIS_URL, REDIS_KEY_PREFIX) and the lag of AGGREGATOR_GROUP_ID and SINK_GROUP_ID in Kafka
(KAFKA_BROKERS, LOYALTY_TOPIC_NAMESPACE).`;

/** `loyalty dashboard`: the web dashboard, in this process. */
export const dashboardCommand: Command = {
  name: 'dashboard',
  env: [dashboardEnv],
  summary: 'serve the web dashboard from the ClickHouse history',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { port: { type: 'string' }, host: { type: 'string' } },
    });
    noMoreArguments(positionals);
    const env = parseEnv(dashboardEnv, io.env);
    const port = values.port === undefined ? env.DASHBOARD_HTTP_PORT : Number(values.port);
    if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
      throw new UsageError(`--port must be 0 to 65535, not ${JSON.stringify(values.port)}`);
    }
    const host = values.host ?? env.DASHBOARD_HTTP_HOST;
    const log = createLogger('dashboard', 'warn', process.stderr);
    const dashboard = await serveDashboard(
      { ...env, DASHBOARD_HTTP_PORT: port, DASHBOARD_HTTP_HOST: host },
      log,
    );
    io.stdout(`dashboard at http://${host}:${dashboard.port}/ (Ctrl-C stops it)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await dashboard.close();
    return EXIT.ok;
  },
};
