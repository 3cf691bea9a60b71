import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createClickHouseClient, dayRange, isUnmigratedError, type TimeRange } from '@loyalty/clickhouse';
import type { ClickHouseEnv } from '@loyalty/config';
import type { Logger } from '@loyalty/runtime';
import { analystCharts } from './analysts.js';
import type { ChartSpec } from './charts.js';
import { customerPage } from './customer.js';
import { freshnessSection, type PipelineSources } from './freshness.js';
import { page, type Selection } from './layout.js';
import { modelPage } from './model.js';
import { Namespaces } from './namespaces.js';
import { overviewCharts } from './overview.js';
import { winBackCsv, winBackPage } from './win-back.js';

/** What a page shows: a line under its title, charts, HTML after them, and whether what it asked for exists. */
interface PageParts {
  readonly lead?: string;
  readonly charts: readonly ChartSpec[];
  readonly body?: string;
  readonly found?: boolean;
}

// Served with the app: nothing is fetched from the internet at run time.
const ASSETS: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/assets/echarts.min.js': {
    file: createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/charts.js': {
    file: new URL('../public/charts.js', import.meta.url).pathname,
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/dashboard.css': {
    file: new URL('../public/dashboard.css', import.meta.url).pathname,
    type: 'text/css; charset=utf-8',
  },
};

/** What the dashboard answers besides its assets: the pages, and the win-back export. */
const PAGE_PATHS = ['/', '/analysts', '/win-back', '/model', '/customer', '/win-back.csv'] as const;
type PagePath = (typeof PAGE_PATHS)[number];
const isPagePath = (path: string): path is PagePath => (PAGE_PATHS as readonly string[]).includes(path);

export interface Dashboard {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the dashboard's pages from the histories on the ClickHouse server `clickhouse` names
 * (its CLICKHOUSE_DATABASE by default, any other migrated one by choice), until closed.
 */
export async function startDashboard(options: {
  readonly port: number;
  readonly host: string;
  readonly clickhouse: ClickHouseEnv;
  /** The currency of the history's amounts (LOYALTY_BASE_CURRENCY), for the charts' units. */
  readonly currency: string;
  /** Where the configured namespace's pipeline keeps its watermarks and offsets. */
  readonly pipeline?: PipelineSources;
  readonly log: Logger;
}): Promise<Dashboard> {
  // Read only: a database that does not exist is shown as unmigrated, not created.
  const namespaces = new Namespaces(
    options.clickhouse,
    createClickHouseClient(options.clickhouse, options.clickhouse.CLICKHOUSE_DATABASE),
  );
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://dashboard');
    const path = url.pathname;
    const reply = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET') return reply(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') return reply(200, 'application/json', '{"status":"ok"}\n');
    // Browsers ask for it on every page; there is none.
    if (path === '/favicon.ico') return reply(204, 'image/x-icon', '');
    const asset = ASSETS[path];
    if (asset !== undefined) return reply(200, asset.type, await readFile(asset.file));
    if (!isPagePath(path)) return reply(404, 'text/plain', 'not found: try /\n');
    // Server time counts every query of the request, the namespaces' included.
    const started = performance.now();
    const parameter = (name: string) => url.searchParams.get(name) || undefined;
    const selection: Selection = { ns: parameter('ns'), from: parameter('from'), to: parameter('to') };
    const problems: string[] = [];
    let range: TimeRange = {};
    try {
      range = dayRange(selection.from, selection.to);
    } catch (error) {
      problems.push(`${(error as Error).message}; showing the whole history`);
    }
    const names = await namespaces.names();
    let namespace = namespaces.defaultName;
    if (selection.ns !== undefined) {
      if (names.includes(selection.ns)) namespace = selection.ns;
      else problems.push(`no loyalty history in the database ${selection.ns}; showing ${namespace}`);
    }
    const problem = problems.length === 0 ? undefined : problems.join('. ');
    const context = await namespaces.context(namespace);
    if (path === '/win-back.csv') {
      response.setHeader('content-disposition', 'attachment; filename="win-back.csv"');
      return reply(
        problem === undefined ? 200 : 400,
        'text/csv; charset=utf-8',
        await winBackCsv(context, range),
      );
    }
    const customerId = url.searchParams.get('id') ?? '';
    const pipeline = namespace === namespaces.defaultName ? options.pipeline : undefined;
    const pages: Readonly<
      Record<Exclude<PagePath, '/win-back.csv'>, { title: string; make: () => Promise<PageParts> }>
    > = {
      '/': {
        title: 'Overview',
        make: async () => {
          const [charts, freshness] = await Promise.all([
            overviewCharts(context, range, options.currency),
            freshnessSection(context, pipeline),
          ]);
          return { charts, body: freshness };
        },
      },
      '/analysts': { title: 'Analysts', make: async () => ({ charts: await analystCharts(context, range) }) },
      '/win-back': {
        title: 'Win-back',
        make: () => winBackPage(context, range, selection, options.currency),
      },
      // The calibration period is the fit's; the range's end closes the hold-out.
      '/model': {
        title: 'CLV model',
        make: () => modelPage(context, problem === undefined ? selection.to : undefined),
      },
      '/customer': {
        title: `Customer ${customerId}`,
        make: () => customerPage(context, customerId, options.currency),
      },
    };
    const chosenPage = pages[path];
    if (path === '/customer' && customerId === '') {
      return reply(400, 'text/plain', 'which customer? /customer?id=<customer id>\n');
    }
    const parts = await chosenPage.make();
    const serverMs = Math.round(performance.now() - started);
    options.log.info({ page: path, namespace, serverMs }, 'page served');
    const html = page({
      path,
      title: chosenPage.title,
      selection,
      namespaces: names,
      namespace,
      charts: parts.charts,
      ...(path === '/customer' ? { keep: { id: customerId } } : {}),
      ...(parts.body === undefined ? {} : { body: parts.body }),
      ...(parts.lead === undefined ? {} : { lead: parts.lead }),
      ...(problem === undefined ? {} : { problem }),
    });
    response.setHeader('server-timing', `db;dur=${serverMs}`);
    const status = problem !== undefined ? 400 : parts.found === false ? 404 : 200;
    reply(status, 'text/html; charset=utf-8', html);
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // A database without tables has not been migrated: say what to do, as the CLI does.
      const unmigrated = isUnmigratedError(error);
      options.log.error({ err: error }, 'page failed');
      if (!response.headersSent) response.writeHead(unmigrated ? 503 : 500, { 'content-type': 'text/plain' });
      response.end(
        unmigrated
          ? 'the history database has no tables yet: run `loyalty db migrate` (the history sink does it at start)\n'
          : 'the page could not be made; see the dashboard log\n',
      );
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (error) {
    await namespaces.close();
    throw error;
  }
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await namespaces.close();
    },
  };
}
