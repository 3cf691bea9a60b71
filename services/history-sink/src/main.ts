// The history sink process: reads its configuration from the environment, runs until
// SIGTERM or SIGINT, then writes and commits what it has read and exits.
import { ConfigError } from '@loyalty/config';
import { createKafka } from '@loyalty/kafka';
import { createLogger, onShutdownSignal } from '@loyalty/runtime';
import { loadSinkConfig } from './config.js';
import { HistorySink } from './history-sink.js';

let config: ReturnType<typeof loadSinkConfig>;
try {
  config = loadSinkConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`history-sink: ${error.message}\n`);
  process.exit(2);
}

const log = createLogger('history-sink', config.logLevel);
const sink = new HistorySink(config, {
  kafka: createKafka(config.kafka, log),
  log,
  onFatal: () => {
    void sink.stop().finally(() => process.exit(1));
  },
});
// The process bound leaves the sink its own shutdown timeout and a little to leave the group.
onShutdownSignal(() => sink.stop(), log, config.shutdownTimeoutMs + 5_000);
try {
  await sink.start();
} catch (error) {
  log.fatal({ err: error }, 'history sink failed to start');
  await sink.stop();
  process.exit(1);
}
