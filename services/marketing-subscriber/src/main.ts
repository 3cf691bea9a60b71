// The example subscriber process: bootstraps, then prints one line per action on stdout (logs go
// to stderr) until SIGTERM or SIGINT.
import { maskSecrets, startService } from '@loyalty/config';
import { createKafka } from '@loyalty/kafka';
import { createLogger, onShutdownSignal } from '@loyalty/runtime';
import pkg from '../package.json' with { type: 'json' };
import { describeAction } from './actions.js';
import { loadSubscriberConfig, subscriberEnv } from './config.js';
import { MarketingSubscriber } from './subscriber.js';

const config = startService({
  name: 'marketing-subscriber',
  summary: pkg.description,
  version: pkg.version,
  schema: subscriberEnv,
  load: loadSubscriberConfig,
  printable: maskSecrets,
});

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
