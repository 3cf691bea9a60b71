// docker-compose.yml cannot run here (no Docker engine). It is loaded as Docker Compose loads
// it, by compose-go (the library of the docker compose CLI, which validates the file against
// the compose-spec JSON Schema; infra/test/compose-go), with loyalty.env made from
// loyalty.env.example; then each service's resolved environment goes through that service's
// own configuration parser.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { aggregatorEnv, loadAggregatorConfig } from '@loyalty/aggregator';
import { clickhouseEnv, kafkaEnv, parseEnv } from '@loyalty/config';
import { dashboardEnv, loadDashboardConfig } from '@loyalty/dashboard';
import { loadSinkConfig, sinkEnv } from '@loyalty/history-sink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../demo/service-process.js';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string | null>;
  volumes?: { type: string; source: string; target: string }[];
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  init?: boolean;
  env_file?: { path: string }[];
}

interface ComposeProject {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

let folder: string;

/** The project as `docker compose [--profile ...] config` would resolve it. */
async function load(...profiles: string[]): Promise<ComposeProject> {
  const { stdout } = await run('go', ['run', '.', folder, ...profiles], {
    cwd: join(REPO_ROOT, 'infra/test/compose-go'),
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new Error(
      'loading the compose file needs Go >= 1.24 on the PATH (compose-go); install it to run this test',
    );
  });
  return JSON.parse(stdout) as ComposeProject;
}

function environment(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).filter((entry): entry is [string, string] => entry[1] !== null),
  );
}

let project: ComposeProject;
// The file as written (before compose resolves it): the shared environment block.
let compose: { 'x-loyalty-env': Record<string, unknown> };

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'compose-'));
  await copyFile(join(REPO_ROOT, 'docker-compose.yml'), join(folder, 'docker-compose.yml'));
  await copyFile(join(REPO_ROOT, 'Dockerfile'), join(folder, 'Dockerfile'));
  await copyFile(join(REPO_ROOT, 'loyalty.env.example'), join(folder, 'loyalty.env'));
  // The first run downloads and compiles compose-go (go.sum pins it).
  project = await load('demo');
  compose = parse(await readFile(join(REPO_ROOT, 'docker-compose.yml'), 'utf8'));
}, 300_000);

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('docker-compose.yml', () => {
  it('runs the servers, a migration job, two aggregators, the history sink, Prometheus and Grafana', () => {
    expect(Object.keys(project.services).sort()).toEqual(
      [
        'aggregator',
        'clickhouse',
        'dashboard',
        'grafana',
        'history-sink',
        'kafka',
        'migrate',
        'prometheus',
        'redis',
        'registry',
        'simulator',
        'topics',
      ].sort(),
    );
    const { aggregator, migrate } = project.services;
    expect(aggregator?.deploy?.replicas).toBe(2);
    expect(migrate?.command).toEqual(['packages/cli/dist/main.js', 'db', 'migrate']);
    for (const name of ['aggregator', 'history-sink']) {
      expect(project.services[name]?.depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        topics: { condition: 'service_completed_successfully' },
      });
    }
  });

  it('runs the services from the image of the Dockerfile under an init process, with the secrets file', () => {
    for (const name of ['migrate', 'aggregator', 'history-sink', 'simulator', 'dashboard']) {
      const service = project.services[name];
      expect(service?.image, name).toBe('loyalty:local');
      expect(service?.init, name).toBe(true);
      expect(service?.command?.[0], name).toMatch(/\/dist\/main\.js$/);
      expect(
        service?.env_file?.map((file) => file.path.endsWith('/loyalty.env')),
        name,
      ).toEqual([true]);
    }
  });

  it('starts the simulator only with the demo profile', async () => {
    expect(project.services.simulator?.profiles).toEqual(['demo']);
    expect(Object.keys((await load()).services)).not.toContain('simulator');
  }, 120_000);

  it('advertises one Kafka listener to the compose network and one to the host', () => {
    const kafka = environment(project.services.kafka ?? {});
    expect(kafka.KAFKA_ADVERTISED_LISTENERS?.split(',').sort()).toEqual([
      'EXTERNAL://localhost:9092',
      'INTERNAL://kafka:29092',
    ]);
    expect(environment(project.services.aggregator ?? {}).KAFKA_BROKERS).toBe('kafka:29092');
  });

  it('keeps every stateful server on a named volume, the registry in Kafka', () => {
    for (const name of ['kafka', 'redis', 'clickhouse', 'prometheus', 'grafana']) {
      const named = (project.services[name]?.volumes ?? []).filter((volume) => volume.type === 'volume');
      expect(named.length, name).toBe(1);
      expect(Object.keys(project.volumes ?? {})).toContain(named[0]?.source);
    }
    const registry = project.services.registry;
    expect(registry?.image).toMatch(/apicurio-registry-kafkasql/);
    expect(environment(registry ?? {}).KAFKA_BOOTSTRAP_SERVERS).toBe('kafka:29092');
  });

  it('gives each service an environment its own configuration parser accepts', () => {
    const aggregator = loadAggregatorConfig(environment(project.services.aggregator ?? {}));
    expect(aggregator.env).toMatchObject({
      KAFKA_BROKERS: ['kafka:29092'],
      AGGREGATOR_HTTP_HOST: '0.0.0.0',
      LOYALTY_ERASURE_SECRET: 'replace-with-a-long-random-secret',
    });
    expect(loadDashboardConfig(environment(project.services.dashboard ?? {}))).toMatchObject({
      DASHBOARD_HTTP_HOST: '0.0.0.0',
      CLICKHOUSE_URL: 'http://clickhouse:8123',
    });
    const sink = loadSinkConfig(environment(project.services['history-sink'] ?? {}));
    expect(sink.http).toEqual({ host: '0.0.0.0', port: 9465 });
    expect(parseEnv(clickhouseEnv, environment(project.services.migrate ?? {}))).toMatchObject({
      CLICKHOUSE_URL: 'http://clickhouse:8123',
    });
    expect(parseEnv(kafkaEnv, environment(project.services.simulator ?? {}))).toMatchObject({
      KAFKA_BROKERS: ['kafka:29092'],
    });
  });

  it('sets every variable each service reads, secrets from the env file only', async () => {
    for (const [name, schema] of [
      ['aggregator', aggregatorEnv],
      ['history-sink', sinkEnv],
      ['dashboard', dashboardEnv],
    ] as const) {
      const set = Object.keys(project.services[name]?.environment ?? {});
      expect(
        Object.keys(schema.shape).filter((variable) => !set.includes(variable)),
        name,
      ).toEqual([]);
    }
    // A secret in `environment` would override the env file's value.
    const example = await readFile(join(REPO_ROOT, 'loyalty.env.example'), 'utf8');
    const secrets = [...example.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]);
    expect(secrets).toContain('LOYALTY_ERASURE_SECRET');
    const shared = Object.keys(compose['x-loyalty-env']);
    expect(secrets.filter((secret) => shared.includes(secret as string))).toEqual([]);
  });
});
