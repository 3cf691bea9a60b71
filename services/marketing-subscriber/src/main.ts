// The example subscriber process: bootstraps, then prints one line per action on stdout (logs go
// to stderr) until SIGTERM or SIGINT.
import { ConfigError } from '@loyalty/config';
import { createKafka } from '@loyalty/kafka';
import { createLogger, onShutdownSignal } from '@loyalty/runtime';
import { describeAction } from './actions.js';
import { loadSubscriberConfig } from './config.js';
import { MarketingSubscriber } from './subscriber.js';

let config: ReturnType<typeof loadSubscriberConfig>;
try {
  config = loadSubscriberConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`marketing-subscriber: ${error.message}\n`);
  process.exit(2);
}

const log = createLogger('marketing-subscriber', config.logLevel, process.stderr);
const subscriber = new MarketingSubscriber(createKafka(config.kafka, log), {
  topics: config.topics,
  groupPrefix: config.groupPrefix,
  log,
  onAction: (action) => process.stdout.write(`${describeAction(action)}\n`),
});
onShutdownSignal(() => subscriber.stop(), log);
try {
  await subscriber.start();
} catch (error) {
  log.fatal({ err: error }, 'marketing subscriber failed to start');
  await subscriber.stop().catch(() => undefined);
  process.exit(1);
}
