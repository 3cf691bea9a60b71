export { dashboardEnv, loadDashboardConfig } from './config.js';
export { type Overview, overview } from './overview.js';
export { escapeHtml, overviewPage } from './page.js';
export { type Dashboard, startDashboard } from './server.js';
