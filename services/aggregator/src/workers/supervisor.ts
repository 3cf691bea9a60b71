// The aggregator on every core: a supervisor process forks AGGREGATOR_WORKERS workers, each an
// Aggregator in the one consumer group (the group's assignor gives each worker its own
// partitions, as it does for separate processes), and serves /healthz, /readyz and /metrics
// for all of them.
//
// node:cluster rather than child_process.fork with an env marker: a cluster worker re-runs
// this main module with the same node flags (tsx's loader, --cpu-prof), prom-client's
// AggregatorRegistry aggregates metrics in the shape cluster workers report them, and node's
// cluster code ends a worker at once when its IPC channel closes, so a supervisor killed with
// SIGKILL leaves no worker consuming on unattended (it ends as the single process would:
// mid-batch, uncommitted, redelivered to the next member). Cluster's shared listening sockets
// are not used: only the supervisor listens.
import cluster, { type Worker } from 'node:cluster';
import type { CheckResult, Readiness } from '@loyalty/observability';
import { exitIfPortInUse, startHealthServer } from '@loyalty/observability';
import { createLogger, type Logger, onShutdownSignal } from '@loyalty/runtime';
import { AggregatorRegistry, Counter, type PrometheusContentType, Registry } from 'prom-client';
import type { AggregatorConfig } from '../config.js';
import { isWorkerMessage, READINESS_CHECKS, type WorkerMessage, type WorkerMetrics } from './messages.js';
import { nextRestart } from './restart-policy.js';

/** A worker's own bound (onShutdownSignal's default) and a margin to see it exit. */
const SHUTDOWN_BOUND_MS = 15_000 + 5_000;
/** How long a worker may take to answer a readiness or metrics request. */
const ANSWER_TIMEOUT_MS = 2_500;

/** One of the N places for a worker; a replacement takes its predecessor's slot. */
interface Slot {
  /** 1..N: "worker 2" in logs and /readyz, whichever process holds the slot now. */
  readonly number: number;
  worker?: Worker | undefined;
  exited?: Promise<{ code: number | null; signal: string | null }>;
  startedAt?: number | undefined;
  failuresInARow: number;
  restartTimer?: NodeJS.Timeout | undefined;
  /** Why the slot is empty, while a replacement is pending. */
  vacancy?: string | undefined;
  /** The worker's last metrics answer, kept for a scrape it misses and for after its exit. */
  lastMetrics?: WorkerMetrics | undefined;
}

type Pending = { resolve: (message: WorkerMessage) => void; timer: NodeJS.Timeout };

/** Forks, watches and replaces the workers; stops them all on request. */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 0;
  private stopping = false;
  /** Counters and histograms of exited workers, so that the service's totals never go back. */
  private retired: WorkerMetrics = [];
  private retiring: Promise<void> = Promise.resolve();
  private resolveAllStarted: () => void = () => undefined;
  /** Resolves once every slot has had a worker that consumes. */
  readonly allStarted = new Promise<void>((resolve) => {
    this.resolveAllStarted = resolve;
  });

  constructor(
    size: number,
    private readonly log: Logger,
    private readonly restarts: Counter,
  ) {
    this.slots = Array.from({ length: size }, (_, i) => ({ number: i + 1, failuresInARow: 0 }));
  }

  /** Forks a worker into every slot. */
  start(): void {
    for (const slot of this.slots) this.fork(slot);
  }

  /**
   * SIGTERM to every worker (each finishes its batches and commits, as the single process
   * does) and waits for their exits; rejects naming the workers that did not exit 0.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) clearTimeout(slot.restartTimer);
    const exits = this.slots.flatMap((slot) => {
      if (slot.worker === undefined || slot.exited === undefined) return [];
      slot.worker.process.kill('SIGTERM');
      return [slot.exited.then((exit) => ({ slot: slot.number, ...exit }))];
    });
    // Ended by the SIGTERM itself: the worker had not yet installed its handler, which it does
    // before it consumes, so it had nothing to finish or commit.
    const failed = (await Promise.all(exits)).filter((e) => e.code !== 0 && e.signal !== 'SIGTERM');
    if (failed.length > 0) {
      throw new Error(
        `workers did not stop cleanly: ${failed.map((f) => `worker ${f.slot} (code ${f.code}, signal ${f.signal})`).join(', ')}`,
      );
    }
  }

  /** Every worker's checks, one result per check naming the workers that fail it, and a list of workers. */
  async readiness(): Promise<Readiness> {
    const workers = await Promise.all(
      this.slots.map(async (slot) => {
        const { worker } = slot;
        if (worker === undefined)
          return { slot, pid: undefined, checks: undefined, problem: slot.vacancy ?? 'not running' };
        const answer = await this.ask(worker, 'loyalty:readiness');
        if (answer?.type !== 'loyalty:readiness')
          return {
            slot,
            pid: worker.process.pid,
            checks: undefined,
            problem:
              slot.startedAt === undefined
                ? 'starting (no answer yet)'
                : `no answer within ${ANSWER_TIMEOUT_MS} ms`,
          };
        return { slot, pid: worker.process.pid, checks: answer.checks, problem: undefined };
      }),
    );
    const checks: CheckResult[] = READINESS_CHECKS.map((name) => {
      const failing = workers.flatMap((w) => {
        const result = w.checks?.find((c) => c.name === name);
        if (result?.ok === true) return [];
        const why = w.problem ?? result?.error ?? 'not ok';
        return [`worker ${w.slot.number}${w.pid === undefined ? '' : ` (pid ${w.pid})`}: ${why}`];
      });
      return failing.length === 0 ? { name, ok: true } : { name, ok: false, error: failing.join('; ') };
    });
    return {
      checks,
      details: {
        workers: workers.map((w) => ({
          worker: w.slot.number,
          pid: w.pid,
          ready: w.checks?.every((c) => c.ok) ?? false,
          ...(w.problem === undefined ? {} : { problem: w.problem }),
          ...(w.checks === undefined ? {} : { checks: w.checks }),
        })),
      },
    };
  }

  /**
   * The workers' metrics aggregated by prom-client's AggregatorRegistry (each metric by its
   * `aggregator`: counters and histograms summed), with `own` (the supervisor's) beside them.
   * A worker that does not answer in time counts with its last answer.
   */
  async metrics(own: Registry): Promise<string> {
    const answers = await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.worker !== undefined) {
          const answer = await this.ask(slot.worker, 'loyalty:metrics');
          if (answer?.type === 'loyalty:metrics') slot.lastMetrics = answer.metrics;
        }
        return slot.worker === undefined ? undefined : slot.lastMetrics;
      }),
    );
    await this.retiring;
    const live = answers.filter((a): a is WorkerMetrics => a !== undefined);
    const aggregated = AggregatorRegistry.aggregate<PrometheusContentType>([this.retired, ...live]);
    return Registry.merge([aggregated, own]).metrics();
  }

  private fork(slot: Slot): void {
    slot.restartTimer = undefined;
    const worker = cluster.fork();
    slot.worker = worker;
    slot.startedAt = undefined;
    slot.vacancy = undefined;
    slot.lastMetrics = undefined;
    slot.exited = new Promise((resolve) =>
      worker.once('exit', (code, signal) => {
        this.exited(slot, worker, code, signal);
        resolve({ code, signal });
      }),
    );
    worker.on('message', (message: unknown) => this.received(slot, worker, message));
    this.log.info({ worker: slot.number, workerPid: worker.process.pid }, 'aggregator worker forked');
  }

  private received(slot: Slot, worker: Worker, message: unknown): void {
    if (!isWorkerMessage(message)) return;
    if (message.type === 'loyalty:started') {
      if (slot.worker !== worker) return;
      slot.startedAt = Date.now();
      if (this.slots.every((s) => s.startedAt !== undefined)) this.resolveAllStarted();
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    pending.resolve(message);
  }

  private exited(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    slot.worker = undefined;
    if (slot.lastMetrics !== undefined) this.retire(slot.lastMetrics);
    slot.lastMetrics = undefined;
    if (this.stopping) {
      this.log.info(
        { worker: slot.number, workerPid: worker.process.pid, code, signal },
        'aggregator worker exited',
      );
      return;
    }
    // Any exit the supervisor did not ask for, 0 included, and the exit 1 after a fatal error.
    const uptimeMs = slot.startedAt === undefined ? 0 : Date.now() - slot.startedAt;
    const { failuresInARow, delayMs } = nextRestart(slot.failuresInARow, uptimeMs);
    slot.failuresInARow = failuresInARow;
    slot.vacancy = `exited (code ${code}, signal ${signal}); replacement in ${delayMs} ms`;
    this.restarts.inc();
    this.log.error(
      {
        worker: slot.number,
        workerPid: worker.process.pid,
        code,
        signal,
        failuresInARow,
        restartInMs: delayMs,
      },
      'aggregator worker exited unexpectedly; starting a replacement',
    );
    slot.restartTimer = setTimeout(() => this.fork(slot), delayMs);
  }

  /** Adds an exited worker's counters and histograms (gauges describe the living only) to the retired totals. */
  private retire(metrics: WorkerMetrics): void {
    // prom-client's typings declare `type` a numeric enum; at run time it is the Prometheus name.
    const monotonic = metrics.filter((m) => ['counter', 'histogram'].includes(String(m.type)));
    this.retiring = this.retiring.then(async () => {
      this.retired = (await AggregatorRegistry.aggregate([
        this.retired,
        monotonic,
      ]).getMetricsAsJSON()) as WorkerMetrics;
    });
  }

  /** Sends a request and resolves with the answer, or undefined if none comes in time. */
  private ask(
    worker: Worker,
    type: 'loyalty:readiness' | 'loyalty:metrics',
  ): Promise<WorkerMessage | undefined> {
    const id = this.nextRequestId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      try {
        worker.send({ type, id });
      } catch {
        // The channel closed under us: the worker is exiting, its exit handler takes over.
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(undefined);
      }
    });
  }
}

/** Runs the supervisor: health server first (its port line), then the workers, until SIGTERM. */
export async function superviseWorkers(config: AggregatorConfig): Promise<void> {
  const { env } = config;
  const log = createLogger('aggregator', env.LOG_LEVEL).child({ role: 'supervisor' });
  const own = new Registry();
  const restarts = new Counter({
    name: 'loyalty_aggregator_worker_restarts_total',
    help: 'Workers that exited unexpectedly and were replaced',
    registers: [own],
  });
  const pool = new WorkerPool(env.AGGREGATOR_WORKERS, log, restarts);
  const health = await startHealthServer({
    port: env.AGGREGATOR_HTTP_PORT,
    host: env.AGGREGATOR_HTTP_HOST,
    registry: { contentType: own.contentType, metrics: () => pool.metrics(own) },
    checks: () => pool.readiness(),
    readyMetric: 'loyalty_aggregator_ready',
    portVariable: 'AGGREGATOR_HTTP_PORT',
  }).catch((error: unknown) => exitIfPortInUse(error, log));
  log.info({ port: health.port, workers: env.AGGREGATOR_WORKERS }, 'health and metrics served');
  onShutdownSignal(
    async () => {
      await pool.stop();
      await health.close();
    },
    log,
    SHUTDOWN_BOUND_MS,
  );
  pool.start();
  await pool.allStarted;
  log.info(
    {
      mode: env.AGGREGATOR_MODE,
      group: env.AGGREGATOR_GROUP_ID,
      namespace: env.LOYALTY_TOPIC_NAMESPACE,
      workers: env.AGGREGATOR_WORKERS,
    },
    'aggregator started',
  );
}
