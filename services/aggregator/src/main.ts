// The aggregator service: configuration from the environment, then consume until SIGTERM,
// on every core by default (AGGREGATOR_WORKERS): a supervisor and its workers, or with
// AGGREGATOR_WORKERS=1 one process that is the whole service.
//   main.ts [--print-config | --help | --version]
import cluster from 'node:cluster';
import { startService } from '@loyalty/config';
import pkg from '../package.json' with { type: 'json' };
import { aggregatorEnv, loadAggregatorConfig, printableConfig } from './config.js';

// Workers re-run this module (node:cluster) with the same arguments: the supervisor already
// answered any of them, so a worker only reads its configuration.
const config = startService(
  {
    name: 'aggregator',
    summary: pkg.description,
    version: pkg.version,
    schema: aggregatorEnv,
    load: loadAggregatorConfig,
    printable: printableConfig,
  },
  cluster.isWorker ? [] : process.argv.slice(2),
);

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
