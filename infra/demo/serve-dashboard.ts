// The end of `npm run demo -- --dashboard`: the web dashboard over the run's namespace (its
// history, watermarks and consumer groups), until the run is interrupted (Ctrl-C), so that the
// main job ends on something to look at.
import { type Dashboard, type DashboardEnv, loadDashboardConfig, serveDashboard } from '@loyalty/dashboard';
import { createLogger } from '@loyalty/runtime';
import type { PipelineNames } from './fresh-pipeline.js';
import type { RunReporter } from './progress.js';

/** The port the dashboard takes when free (its default); else any free one. */
const PREFERRED_PORT = 8090;

/** The dashboard's configuration for a run: its history, Redis prefix, topics and groups. */
export function runDashboardConfig(names: PipelineNames, port: number): DashboardEnv {
  return loadDashboardConfig({
    ...process.env,
    CLICKHOUSE_DATABASE: names.database,
    REDIS_KEY_PREFIX: names.redisPrefix,
    LOYALTY_TOPIC_NAMESPACE: names.namespace,
    AGGREGATOR_GROUP_ID: names.aggregatorGroup,
    SINK_GROUP_ID: names.sinkGroup,
    DASHBOARD_HTTP_HOST: '127.0.0.1',
    DASHBOARD_HTTP_PORT: String(port),
  });
}

/** Serves the dashboard over the run `names` until `until` aborts. */
export async function serveRunDashboard(
  names: PipelineNames,
  reporter: RunReporter,
  until: AbortSignal,
  keep: boolean,
): Promise<void> {
  const log = createLogger('dashboard', 'warn', process.stderr);
  const dashboard: Dashboard = await serveDashboard(runDashboardConfig(names, PREFERRED_PORT), log).catch(
    () => serveDashboard(runDashboardConfig(names, 0), log),
  );
  try {
    reporter.step(
      `dashboard at http://127.0.0.1:${dashboard.port}/ over the run's history; Ctrl-C stops it` +
        (keep ? ' (the run is kept)' : " and removes the run's data"),
    );
    if (!until.aborted)
      await new Promise((resolve) => until.addEventListener('abort', resolve, { once: true }));
  } finally {
    await dashboard.close();
  }
}
