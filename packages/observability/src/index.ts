export type { HealthServer, ReadinessCheck } from './health-server.js';
export { startHealthServer } from './health-server.js';
