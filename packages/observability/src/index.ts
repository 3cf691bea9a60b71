export type {
  CheckResult,
  HealthServer,
  MetricsSource,
  Readiness,
  ReadinessCheck,
} from './health-server.js';
export { exitIfPortInUse, PortInUseError, runChecks, startHealthServer } from './health-server.js';
export { type BuildInfo, registerProcessMetrics } from './process-metrics.js';
