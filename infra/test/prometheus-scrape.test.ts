// A real Prometheus (Debian's package) scrapes a running aggregator and history sink on
// loopback, the way the compose Prometheus does (same jobs, same alert rules), while a small
// simulated traffic with malformed messages flows: every target is up, the rules load, and
// every query of the Grafana dashboard returns series.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaEnv, parseEnv } from '@loyalty/config';
import { waitFor } from '@loyalty/testkit';
import { connectKafka, connectRedis } from '@loyalty/testkit/servers';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createPipelineTopics, freshPipelineNames, removePipeline } from '../demo/fresh-pipeline.js';
import { startAggregator, startHistorySink } from '../demo/pipeline-services.js';
import { silentReporter } from '../demo/progress.js';
import { REPO_ROOT, type ServiceProcess } from '../demo/service-process.js';
import { simulateIntoKafka } from '../demo/simulate-to-kafka.js';

const DAY_MS = 86_400_000;

interface Dashboard {
  panels: { title: string; targets: { expr: string }[] }[];
}

interface QueryAnswer {
  data: { result: unknown[] };
}

/** The port a service's log says it serves /metrics on. */
async function metricsPort(logFile: string): Promise<number> {
  return waitFor(`${logFile} to name its metrics port`, async () => {
    for (const line of (await readFile(logFile, 'utf8')).split('\n')) {
      if (line.includes('"msg":"health and metrics served"')) return Number(JSON.parse(line).port);
    }
    return undefined;
  });
}

/** A port nothing listens on now, below Linux's ephemeral range. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 22_000 + Math.floor(Math.random() * 9_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

describe('Prometheus against the running services', () => {
  it('scrapes every target, loads the alert rules and answers every dashboard query', {
    timeout: 240_000,
  }, async () => {
    const names = freshPipelineNames('prom');
    const { LOYALTY_TOPIC_PARTITIONS: partitions } = parseEnv(kafkaEnv, process.env);
    const folder = await mkdtemp(join(tmpdir(), 'prometheus-'));
    const kafka = await connectKafka('loyalty-prometheus-test');
    const redis = await connectRedis();
    const admin = kafka.admin();
    await admin.connect();
    const services: ServiceProcess[] = [];
    let prometheus: ChildProcess | undefined;
    try {
      await createPipelineTopics(admin, names, partitions);
      const sinkLog = join(folder, 'history-sink.log');
      const aggregatorLog = join(folder, 'aggregator.log');
      services.push(await startHistorySink(names, sinkLog));
      services.push(
        await startAggregator(names, { mode: 'live', latenessMs: 2_000, logFile: aggregatorLog }),
      );
      const targets = {
        aggregator: await metricsPort(aggregatorLog),
        'history-sink': await metricsPort(sinkLog),
      };
      await simulateIntoKafka(
        kafka,
        names.namespace,
        {
          seed: 3,
          customers: 100,
          start: new Date(Date.now() - 90 * DAY_MS).toISOString(),
          durationDays: 90,
          malformedShare: 0.05,
          duplicateShare: 0.02,
        },
        silentReporter,
      );

      // The compose configuration, with its DNS discovery swapped for the loopback targets.
      const compose = parse(await readFile(join(REPO_ROOT, 'infra/prometheus/prometheus.yml'), 'utf8')) as {
        scrape_configs: { job_name: keyof typeof targets }[];
      };
      const config = {
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [join(REPO_ROOT, 'infra/prometheus/alerts.yml')],
        scrape_configs: compose.scrape_configs.map(({ job_name }) => ({
          job_name,
          static_configs: [{ targets: [`127.0.0.1:${targets[job_name]}`] }],
        })),
      };
      await writeFile(join(folder, 'prometheus.yml'), stringify(config));
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      prometheus = spawn(
        'prometheus',
        [
          `--config.file=${join(folder, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(folder, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' },
      );
      const exited = new Promise<number | null>((resolve) => prometheus?.once('exit', resolve));
      const api = async <T>(path: string): Promise<T | undefined> => {
        if (prometheus?.exitCode !== null) throw new Error(`prometheus exited: ${await exited}`);
        const response = await fetch(`${base}${path}`).catch(() => undefined);
        return response?.ok ? ((await response.json()) as T) : undefined;
      };

      const up = await waitFor(
        'both targets up',
        async () => {
          const answer = await api<{
            data: { activeTargets: { labels: { job: string }; health: string }[] };
          }>('/api/v1/targets');
          const active = answer?.data.activeTargets ?? [];
          return active.length === 2 && active.every((t) => t.health === 'up') ? active : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(up.map((t) => t.labels.job).sort()).toEqual(['aggregator', 'history-sink']);

      const rules = await api<{ data: { groups: { rules: { name: string }[] }[] } }>('/api/v1/rules');
      expect(rules?.data.groups.flatMap((g) => g.rules.map((r) => r.name)).sort()).toEqual([
        'LoyaltyConsumerLagGrowing',
        'LoyaltyDeadLetterRate',
        'LoyaltyNoOutputWhileInputFlows',
        'LoyaltyPyramidEpochHeld',
        'LoyaltyServiceNotReady',
      ]);

      const dashboard = JSON.parse(
        await readFile(join(REPO_ROOT, 'infra/grafana/dashboards/loyalty-pipeline.json'), 'utf8'),
      ) as Dashboard;
      const queries = dashboard.panels.flatMap((panel) =>
        panel.targets.map((t) => ({ panel: panel.title, ...t })),
      );
      // rate() needs two scrapes inside its window, a histogram a batch: wait for every query.
      let empty = queries;
      await waitFor(
        'every dashboard query to return series',
        async () => {
          const answers = await Promise.all(
            empty.map(async (q) => api<QueryAnswer>(`/api/v1/query?query=${encodeURIComponent(q.expr)}`)),
          );
          empty = empty.filter((_, i) => (answers[i]?.data.result.length ?? 0) === 0);
          return empty.length === 0 ? true : undefined;
        },
        { timeoutMs: 90_000 },
      ).catch((error: unknown) => {
        throw new Error(
          `${String(error)}; still empty: ${empty.map((q) => `${q.panel}: ${q.expr}`).join(' | ')}`,
        );
      });
    } finally {
      prometheus?.kill('SIGTERM');
      for (const service of services.reverse()) await service.stop().catch(() => service.kill());
      await removePipeline(admin, redis, names);
      await admin.disconnect();
      redis.disconnect();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
