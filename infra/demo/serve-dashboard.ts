// The end of `npm run demo -- --dashboard`: the web dashboard over the run's database, until
// the run is interrupted (Ctrl-C), so that the main job ends on something to look at.
import { openDatabase } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv, pipelineEnv } from '@loyalty/config';
import { startDashboard } from '@loyalty/dashboard';
import { createLogger } from '@loyalty/runtime';
import type { RunReporter } from './progress.js';

/** The port the dashboard takes when free (its default); else any free one. */
const PREFERRED_PORT = 8090;

/** Serves the dashboard over `database` until `until` aborts. */
export async function serveDashboard(
  database: string,
  reporter: RunReporter,
  until: AbortSignal,
  keep: boolean,
): Promise<void> {
  const client = await openDatabase({
    ...parseEnv(clickhouseEnv, process.env),
    CLICKHOUSE_DATABASE: database,
  });
  const options = {
    host: '127.0.0.1',
    client,
    currency: parseEnv(pipelineEnv, process.env).LOYALTY_BASE_CURRENCY,
    log: createLogger('dashboard', 'warn', process.stderr),
  };
  const dashboard = await startDashboard({ ...options, port: PREFERRED_PORT }).catch(() =>
    startDashboard({ ...options, port: 0 }),
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
    await client.close();
  }
}
