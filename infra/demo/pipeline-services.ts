import type { PipelineNames } from './fresh-pipeline.js';
import { ServiceProcess } from './service-process.js';

export interface AggregatorSettings {
  /** replay: watermarks follow event time (a backlog of history); live: the wall clock. */
  readonly mode: 'live' | 'replay';
  readonly latenessMs: number;
  readonly logFile: string;
}

/** How to run a service process under measurement: extra node flags and environment. */
export interface Instrumentation {
  readonly nodeFlags: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** The environment of the run's aggregator, as its config reads it. */
export function aggregatorEnv(names: PipelineNames, settings: AggregatorSettings): Record<string, string> {
  return {
    ...inheritedEnv(),
    LOYALTY_TOPIC_NAMESPACE: names.namespace,
    REDIS_KEY_PREFIX: names.redisPrefix,
    AGGREGATOR_GROUP_ID: names.aggregatorGroup,
    AGGREGATOR_MODE: settings.mode,
    AGGREGATOR_LATENESS_MS: String(settings.latenessMs),
    // A free port: several runs (a demo and the demo test) may have aggregators at once.
    AGGREGATOR_HTTP_PORT: '0',
    LOG_LEVEL: 'info',
  };
}

/** Starts the aggregator process of the run; resolves once it consumes. */
export function startAggregator(
  names: PipelineNames,
  settings: AggregatorSettings,
  instrumentation?: Instrumentation,
): Promise<ServiceProcess> {
  return ServiceProcess.start({
    name: `aggregator (${settings.mode})`,
    main: 'services/aggregator/src/main.ts',
    env: { ...aggregatorEnv(names, settings), ...instrumentation?.env },
    logFile: settings.logFile,
    readyMessage: 'aggregator started',
    ...(instrumentation === undefined ? {} : { nodeFlags: instrumentation.nodeFlags }),
  });
}

/** Starts the history sink of the run (it creates the database and applies the migrations); resolves once it consumes. */
export function startHistorySink(
  names: PipelineNames,
  logFile: string,
  instrumentation?: Instrumentation,
): Promise<ServiceProcess> {
  return ServiceProcess.start({
    name: 'history sink',
    main: 'services/history-sink/src/main.ts',
    env: {
      ...inheritedEnv(),
      LOYALTY_TOPIC_NAMESPACE: names.namespace,
      SINK_GROUP_ID: names.sinkGroup,
      CLICKHOUSE_DATABASE: names.database,
      // A free port, as for the aggregator.
      SINK_HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      ...instrumentation?.env,
    },
    logFile,
    readyMessage: 'history sink started',
    ...(instrumentation === undefined ? {} : { nodeFlags: instrumentation.nodeFlags }),
  });
}

/** This process's environment (connection settings such as KAFKA_BROKERS pass through). */
function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
