import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';

/**
 * prom-client's defaults that are gauges named like counters (`_total`): `promtool check
 * metrics` flags them, and a rate() over them means nothing. Their counts are in
 * `nodejs_active_resources` (by type) anyway.
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

export interface BuildInfo {
  /** The metric's name, `<service prefix>_build_info`. */
  readonly name: string;
  readonly version: string;
}

/**
 * The standard process and Node.js series under their usual names (`process_cpu_seconds_total`,
 * `nodejs_heap_size_used_bytes`, ...), which ready-made Node.js dashboards read, and a
 * `*_build_info` gauge (always 1) whose labels say what runs.
 */
export function registerProcessMetrics(registry: Registry, build: BuildInfo): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  const info = new Gauge({
    name: build.name,
    help: 'Always 1; the labels say which build runs',
    labelNames: ['version', 'node_version'],
    // Workers of one process (node:cluster) run one build: their 1s are not added up.
    aggregator: 'first',
    registers: [registry],
  });
  info.set({ version: build.version, node_version: process.version }, 1);
}
