// The demo's replay speed, measured as the demo measures it (infra/demo/run-demo.ts): the
// demo's simulated history (malformed and duplicate messages included) written into fresh
// topics, then the aggregator in replay mode, with the service's own worker setting, from
// process start until it committed every message.
import { INPUT_TOPICS } from '@loyalty/contracts';
import type { Admin, Kafka } from 'kafkajs';
import { waitForGroupToDrain } from '../demo/consumer-lag.js';
import { type DemoOptions, demoTraffic } from '../demo/demo-options.js';
import { createPipelineTopics, type PipelineNames } from '../demo/fresh-pipeline.js';
import { startAggregator } from '../demo/pipeline-services.js';
import type { RunReporter } from '../demo/progress.js';
import type { ServiceProcess } from '../demo/service-process.js';
import { simulateIntoKafka } from '../demo/simulate-to-kafka.js';
import { rate } from './raw-consumer.js';

export interface ReplayThroughput {
  readonly customers: number;
  readonly months: number;
  readonly messages: number;
  /** Process spawn to every message committed, as the demo's "replayed the history in X s". */
  readonly replayMs: number;
  readonly messagesPerS: number;
}

/** Simulates the demo's history into the run's topics and times the aggregator's replay of it. */
export async function measureReplay(
  kafka: Kafka,
  admin: Admin,
  names: PipelineNames,
  settings: {
    readonly demo: DemoOptions;
    readonly partitions: number;
    readonly logFile: string;
  },
  reporter: RunReporter,
  guard: () => void,
  signal?: AbortSignal,
): Promise<ReplayThroughput> {
  const { demo } = settings;
  await createPipelineTopics(admin, names, settings.partitions);
  reporter.step(
    `replay: simulating the demo's ${demo.customers.toLocaleString('en')} customers over ${demo.months} months`,
  );
  const traffic = await simulateIntoKafka(
    kafka,
    names.namespace,
    demoTraffic(demo, Date.now()),
    reporter,
    signal,
  );
  guard();
  const startedAt = Date.now();
  let aggregator: ServiceProcess | undefined;
  try {
    aggregator = await startAggregator(names, {
      mode: 'replay',
      latenessMs: demo.latenessMs,
      logFile: settings.logFile,
    });
    const running = aggregator;
    await waitForGroupToDrain(
      admin,
      names.aggregatorGroup,
      INPUT_TOPICS.map((topic) => `${names.namespace}${topic}`),
      {
        label: 'aggregator (replay)',
        reporter,
        guard: () => {
          guard();
          running.check();
        },
      },
    );
    await aggregator.stop();
  } catch (error) {
    await aggregator?.kill();
    throw error;
  }
  const replayMs = Date.now() - startedAt;
  return {
    customers: demo.customers,
    months: demo.months,
    messages: traffic.messages,
    replayMs,
    messagesPerS: rate(traffic.messages, replayMs),
  };
}
