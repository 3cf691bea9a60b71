// The aggregator service: configuration from the environment, then consume until SIGTERM,
// on every core by default (AGGREGATOR_WORKERS): a supervisor and its workers, or with
// AGGREGATOR_WORKERS=1 one process that is the whole service.
//   main.ts [--print-config]
import cluster from 'node:cluster';
import { ConfigError } from '@loyalty/config';
import { type AggregatorConfig, loadAggregatorConfig, printableConfig } from './config.js';

let config: AggregatorConfig;
try {
  config = loadAggregatorConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`aggregator: configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
// Workers re-run this module (node:cluster) with the same arguments; only the supervisor prints.
if (cluster.isPrimary && process.argv.includes('--print-config')) {
  console.log(JSON.stringify(printableConfig(config), null, 2));
  process.exit(0);
}

// Imported on demand: the supervisor loads neither Kafka nor Redis clients.
if (cluster.isWorker) {
  const { runAggregator } = await import('./run-aggregator.js');
  await runAggregator(config, 'worker');
} else if (config.env.AGGREGATOR_WORKERS === 1) {
  const { runAggregator } = await import('./run-aggregator.js');
  await runAggregator(config, 'process');
} else {
  const { superviseWorkers } = await import('./workers/supervisor.js');
  await superviseWorkers(config);
}
