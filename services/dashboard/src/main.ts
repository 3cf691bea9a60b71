// The dashboard: configuration from the environment, then serve the pages until SIGTERM.
//   main.ts [--print-config | --help | --version]
import { openDatabase } from '@loyalty/clickhouse';
import { maskSecrets, startService } from '@loyalty/config';
import { createLogger, onShutdownSignal } from '@loyalty/runtime';
import pkg from '../package.json' with { type: 'json' };
import { dashboardEnv, loadDashboardConfig } from './config.js';
import { startDashboard } from './server.js';

const config = startService({
  name: 'dashboard',
  summary: pkg.description,
  version: pkg.version,
  schema: dashboardEnv,
  load: loadDashboardConfig,
  printable: maskSecrets,
});
const log = createLogger('dashboard', config.LOG_LEVEL);
const client = await openDatabase(config);
const dashboard = await startDashboard({
  port: config.DASHBOARD_HTTP_PORT,
  host: config.DASHBOARD_HTTP_HOST,
  client,
  currency: config.LOYALTY_BASE_CURRENCY,
  log,
});
log.info(
  { port: dashboard.port, url: `http://${config.DASHBOARD_HTTP_HOST}:${dashboard.port}/` },
  'dashboard served',
);
onShutdownSignal(async () => {
  await dashboard.close();
  await client.close();
}, log);
