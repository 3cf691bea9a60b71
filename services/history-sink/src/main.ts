// The history sink process: reads its configuration from the environment, runs until
// SIGTERM or SIGINT, then writes and commits what it has read and exits.
import { maskSecrets, startService } from '@loyalty/config';
import { createKafka } from '@loyalty/kafka';
import { exitIfPortInUse, startHealthServer } from '@loyalty/observability';
import { createLogger, onShutdownSignal } from '@loyalty/runtime';
import pkg from '../package.json' with { type: 'json' };
import { loadSinkConfig, sinkEnv } from './config.js';
import { HistorySink } from './history-sink.js';
import { SinkMetrics } from './metrics.js';

const config = startService({
  name: 'history-sink',
  summary: pkg.description,
  version: pkg.version,
  schema: sinkEnv,
  load: loadSinkConfig,
  printable: maskSecrets,
});

const log = createLogger('history-sink', config.logLevel);
const metrics = new SinkMetrics();
const kafka = createKafka(config.kafka, log);
const sink = new HistorySink(config, {
  kafka,
  log,
  observer: metrics,
  onConsumerEvent: (event) => metrics.consumerEvent(event),
  onFatal: () => {
    void sink.stop().finally(() => process.exit(1));
  },
});
metrics.watch(sink);
const admin = kafka.admin();
const health = await startHealthServer({
  port: config.http.port,
  host: config.http.host,
  registry: metrics.registry,
  readyMetric: 'loyalty_sink_ready',
  portVariable: 'SINK_HTTP_PORT',
  checks: [
    { name: 'clickhouse', check: () => sink.clickhouseReachable() },
    {
      name: 'kafka',
      check: async () => {
        await admin.connect();
        await admin.describeCluster();
        return true;
      },
    },
  ],
}).catch((error: unknown) => exitIfPortInUse(error, log));
log.info({ port: health.port }, 'health and metrics served');
// The process bound leaves the sink its own shutdown timeout and a little to leave the group.
onShutdownSignal(
  async () => {
    await sink.stop();
    await Promise.allSettled([health.close(), admin.disconnect()]);
  },
  log,
  config.shutdownTimeoutMs + 5_000,
);
try {
  await sink.start();
} catch (error) {
  log.fatal({ err: error }, 'history sink failed to start');
  await sink.stop();
  process.exit(1);
}
