// The monitoring files of docker compose, checked with Debian's promtool (the stack's
// installer adds the prometheus package): the scrape configuration, the alert rules and their
// unit tests (each alert fires on a synthetic series), and the PromQL of every query of the
// Grafana dashboard.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { REPO_ROOT } from '../demo/service-process.js';

const run = promisify(execFile);
const PROMETHEUS = join(REPO_ROOT, 'infra/prometheus');

async function promtool(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('promtool', args, { cwd: PROMETHEUS });
  return stdout + stderr;
}

interface Dashboard {
  panels: { title: string; datasource: { uid: string }; targets: { expr: string }[] }[];
}

describe('monitoring configuration', () => {
  it('passes promtool check config and check rules', async () => {
    expect(await promtool('check', 'config', 'prometheus.yml')).toContain('SUCCESS: prometheus.yml is valid');
    expect(await promtool('check', 'rules', 'alerts.yml')).toContain('SUCCESS: 5 rules found');
  });

  it('fires each alert on a synthetic series and stays quiet on healthy ones (promtool test rules)', async () => {
    expect(await promtool('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
  });

  it('writes every dashboard query in valid PromQL, against the provisioned data source', async () => {
    const dashboard = JSON.parse(
      await readFile(join(REPO_ROOT, 'infra/grafana/dashboards/loyalty-pipeline.json'), 'utf8'),
    ) as Dashboard;
    const datasources = await readFile(
      join(REPO_ROOT, 'infra/grafana/provisioning/datasources/prometheus.yml'),
      'utf8',
    );
    const queries = dashboard.panels.flatMap((panel) => {
      expect(datasources).toContain(`uid: ${panel.datasource.uid}`);
      return panel.targets.map((target) => target.expr);
    });
    expect(queries.length).toBeGreaterThanOrEqual(10);
    // promtool parses PromQL only in rule files: each query becomes a recording rule.
    const folder = await mkdtemp(join(tmpdir(), 'dashboard-queries-'));
    try {
      const rules = queries.map((expr, i) => ({ record: `dashboard:query_${i}`, expr }));
      await writeFile(join(folder, 'queries.yml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      expect(await promtool('check', 'rules', join(folder, 'queries.yml'))).toContain(
        `SUCCESS: ${queries.length} rules found`,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
