import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** A named readiness check: resolves true when the dependency answers. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<boolean>;
}

/** The outcome of one readiness check, as /readyz lists it. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * Readiness worked out elsewhere (e.g. from several worker processes): the checks /readyz
 * lists, and further fields for its body.
 */
export interface Readiness {
  readonly checks: readonly CheckResult[];
  readonly details?: Readonly<Record<string, unknown>>;
}

/** What /metrics serves: a prom-client Registry, or anything that renders the same way. */
export type MetricsSource = Pick<Registry, 'metrics' | 'contentType'>;

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** The health port is taken by another process: a configuration problem, named by its variable. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';

  constructor(
    readonly variable: string,
    readonly port: number,
    readonly host: string,
  ) {
    super(
      `${variable}: port ${port} on ${host} is already in use; set ${variable} to a free port (0 picks one)`,
    );
  }
}

/**
 * Ends a starting service whose health port is in use with one fatal line naming the variable
 * (exit code 2, as for any configuration problem); any other error goes on.
 */
export function exitIfPortInUse(error: unknown, log: { fatal(message: string): void }): never {
  if (!(error instanceof PortInUseError)) throw error;
  log.fatal(error.message);
  process.exit(2);
}

async function runCheck({ name, check }: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<boolean>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    });
    return { name, ok: await Promise.race([check(), timeout]) };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once, each bounded by 2 s; a check that throws or times out is not ok. */
export function runChecks(checks: readonly ReadinessCheck[]): Promise<CheckResult[]> {
  return Promise.all(checks.map(runCheck));
}

/**
 * Serves /healthz (the process is up), /readyz (every check passes: 200, else 503 with the
 * failing ones) and /metrics (the registry in Prometheus text format) on 127.0.0.1 unless
 * another host is given. Port 0 picks a free port. `checks` may be a function that works
 * out the readiness itself (a supervisor asking its workers).
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  registry: MetricsSource;
  checks: readonly ReadinessCheck[] | (() => Promise<Readiness>);
  /** The variable that sets `port`: a port in use is reported by its name (PortInUseError). */
  portVariable?: string;
  /**
   * The name of a gauge /metrics adds: 1 when /readyz would answer 200, else 0, worked out at
   * each scrape, so that an alert can tell "up but not ready" from "down".
   */
  readyMetric?: string;
}): Promise<HealthServer> {
  const { checks } = options;
  const readiness: () => Promise<Readiness> =
    typeof checks === 'function' ? checks : async () => ({ checks: await runChecks(checks) });
  const metricsText = async (): Promise<string> => {
    const text = await options.registry.metrics();
    if (options.readyMetric === undefined) return text;
    const ready = (await readiness()).checks.every((r) => r.ok);
    const name = options.readyMetric;
    return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}# HELP ${name} 1 when every readiness check passes (as /readyz), else 0\n# TYPE ${name} gauge\n${name} ${ready ? 1 : 0}\n`;
  };
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const reply = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'content-type': contentType });
      response.end(body);
    };
    if (request.method !== 'GET') return reply(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') return reply(200, 'application/json', '{"status":"ok"}\n');
    if (path === '/readyz') {
      void readiness().then(
        ({ checks: results, details }) => {
          const ready = results.every((r) => r.ok);
          reply(
            ready ? 200 : 503,
            'application/json',
            `${JSON.stringify({ status: ready ? 'ready' : 'not ready', checks: results, ...details })}\n`,
          );
        },
        (error: unknown) => reply(503, 'text/plain', `readiness failed: ${String(error)}\n`),
      );
      return;
    }
    if (path === '/metrics') {
      void metricsText().then(
        (text) => reply(200, options.registry.contentType, text),
        (error: unknown) => reply(500, 'text/plain', `metrics failed: ${String(error)}\n`),
      );
      return;
    }
    reply(404, 'text/plain', 'not found: try /healthz, /readyz or /metrics\n');
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' && options.portVariable !== undefined
          ? new PortInUseError(options.portVariable, options.port, host)
          : error,
      );
    });
    server.listen(options.port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
