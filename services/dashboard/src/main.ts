// The dashboard: configuration from the environment, then serve the pages until SIGTERM.
//   main.ts [--print-config | --help | --version]
import { maskSecrets, startService } from '@loyalty/config';
import { createLogger, onShutdownSignal } from '@loyalty/runtime';
import pkg from '../package.json' with { type: 'json' };
import { dashboardEnv, loadDashboardConfig } from './config.js';
import { serveDashboard } from './serve-dashboard.js';

const config = startService({
  name: 'dashboard',
  summary: pkg.description,
  version: pkg.version,
  schema: dashboardEnv,
  load: loadDashboardConfig,
  printable: maskSecrets,
});
const log = createLogger('dashboard', config.LOG_LEVEL);
const dashboard = await serveDashboard(config, log);
log.info(
  { port: dashboard.port, url: `http://${config.DASHBOARD_HTTP_HOST}:${dashboard.port}/` },
  'dashboard served',
);
onShutdownSignal(() => dashboard.close(), log);
