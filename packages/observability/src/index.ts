export type {
  CheckResult,
  HealthServer,
  MetricsSource,
  Readiness,
  ReadinessCheck,
} from './health-server.js';
export { runChecks, startHealthServer } from './health-server.js';
export { type BuildInfo, registerProcessMetrics } from './process-metrics.js';
