export { analystCharts } from './analysts.js';
export type { ChartSpec } from './charts.js';
export { type DashboardEnv, dashboardEnv, loadDashboardConfig } from './config.js';
export { escapeHtml, PAGES, page } from './layout.js';
export { overviewCharts } from './overview.js';
export { serveDashboard } from './serve-dashboard.js';
export { type Dashboard, startDashboard } from './server.js';
