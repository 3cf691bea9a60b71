// The dashboard's server time per page (its Server-Timing header) over the history the sink
// phase wrote, after the demo's CLV fit with a hold-out, so that the model page has its plots.
import { type JsonInteger, reportContext, selectRows, toSafeInteger } from '@loyalty/clickhouse';
import { serveDashboard } from '@loyalty/dashboard';
import { createLogger } from '@loyalty/runtime';
import { connectClickHouse } from '@loyalty/testkit/servers';
import { fitWithHoldout } from '../demo/analyst-reports.js';
import type { PipelineNames } from '../demo/fresh-pipeline.js';
import type { RunReporter } from '../demo/progress.js';
import { runDashboardConfig } from '../demo/serve-dashboard.js';
import { percentiles } from './percentiles.js';

export interface PageTiming {
  readonly path: string;
  /** Server time over the timed requests (the first request of each page is left out). */
  readonly p50Ms: number;
  readonly maxMs: number;
}

export interface DashboardPages {
  readonly customers: number;
  readonly requestsPerPage: number;
  readonly pages: Readonly<Record<string, PageTiming>>;
}

const DAY_MS = 86_400_000;

/** Serves the dashboard over the run's history and times each page `requests` times after one warm-up. */
export async function measureDashboardPages(
  names: PipelineNames,
  reporter: RunReporter,
  guard: () => void,
  requests = 7,
): Promise<DashboardPages> {
  const clickhouse = await connectClickHouse(names.database);
  let customers: number;
  try {
    const [row] = await selectRows<{ customers: JsonInteger; last_sale_day: JsonInteger }>(
      clickhouse,
      `SELECT uniqExact(customer_id) AS customers,
              intDiv(toUInt32(maxIf(occurred_at, kind = 'sale')), 86400) AS last_sale_day
       FROM purchases`,
    );
    customers = toSafeInteger(row?.customers ?? 0);
    const fit = await fitWithHoldout(
      await reportContext(clickhouse),
      toSafeInteger(row?.last_sale_day ?? 0) * DAY_MS,
    );
    if (!fit.fitted) reporter.step(`dashboard: no CLV fit (${fit.reason}); the model page says so`);
  } finally {
    await clickhouse.close();
  }
  const dashboard = await serveDashboard(runDashboardConfig(names, 0), createLogger('dashboard', 'silent'));
  try {
    const base = `http://127.0.0.1:${dashboard.port}`;
    const winBack = await (await fetch(`${base}/win-back`)).text();
    const customer = /href="(\/customer\?id=[^"]+)"/.exec(winBack)?.[1]?.replaceAll('&amp;', '&');
    const paths = ['/', '/analysts', '/win-back', '/model', ...(customer === undefined ? [] : [customer])];
    const pages: Record<string, PageTiming> = {};
    for (const path of paths) {
      const times: number[] = [];
      for (let i = 0; i <= requests; i++) {
        guard();
        const response = await fetch(base + path);
        await response.text();
        if (!response.ok) throw new Error(`dashboard ${path} answered ${response.status}`);
        const serverMs = Number(/dur=(\d+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
        if (i > 0) times.push(serverMs);
      }
      const name = path.startsWith('/customer') ? '/customer' : path;
      const timed = percentiles(times);
      pages[name] = { path, p50Ms: timed?.p50 ?? Number.NaN, maxMs: timed?.max ?? Number.NaN };
    }
    return { customers, requestsPerPage: requests, pages };
  } finally {
    await dashboard.close();
  }
}
