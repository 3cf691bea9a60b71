import { parseArgs } from 'node:util';
import { openDatabase } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv, pipelineEnv } from '@loyalty/config';
import { startDashboard } from '@loyalty/dashboard';
import { createLogger } from '@loyalty/runtime';
import { type Command, EXIT, noMoreArguments, UsageError } from '../command.js';

const USAGE = `usage: loyalty dashboard [--port N] [--host ADDRESS]

Serves the web dashboard (overview, analysts, win-back, customer pages) from the ClickHouse
history until Ctrl-C or SIGTERM, and prints its address.

  --port   the port to listen on (default 8090; 0 picks a free one)
  --host   the address to listen on (default 127.0.0.1)

The database is the one of CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD and
CLICKHOUSE_DATABASE; amounts are in LOYALTY_BASE_CURRENCY.`;

/** `loyalty dashboard`: the web dashboard, in this process. */
export const dashboardCommand: Command = {
  name: 'dashboard',
  env: [clickhouseEnv, pipelineEnv.pick({ LOYALTY_BASE_CURRENCY: true })],
  summary: 'serve the web dashboard from the ClickHouse history',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { port: { type: 'string', default: '8090' }, host: { type: 'string', default: '127.0.0.1' } },
    });
    noMoreArguments(positionals);
    const port = Number(values.port);
    if (!Number.isSafeInteger(port) || port < 0 || port > 65_535) {
      throw new UsageError(`--port must be 0 to 65535, not ${JSON.stringify(values.port)}`);
    }
    const { LOYALTY_BASE_CURRENCY: currency } = parseEnv(pipelineEnv, io.env);
    const client = await openDatabase(parseEnv(clickhouseEnv, io.env));
    const log = createLogger('dashboard', 'warn', process.stderr);
    const dashboard = await startDashboard({ port, host: values.host, client, currency, log });
    io.stdout(`dashboard at http://${values.host}:${dashboard.port}/ (Ctrl-C stops it)\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await dashboard.close();
    await client.close();
    return EXIT.ok;
  },
};
