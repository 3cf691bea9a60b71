import { stat } from 'node:fs/promises';
import { ConfigError, type Env, kafkaEnv, logLevel, parseEnv } from '@loyalty/config';
import { INPUT_TOPICS } from '@loyalty/contracts';
import { Kafka, logLevel as kafkaLogLevel } from 'kafkajs';
import type { Logger } from 'pino';
import type { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };
import { type CliCommand, type KafkaFlags, parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { countNdjsonLines, readNdjsonFile } from './file-reader.js';
import { writeNdjsonFile } from './file-writer.js';
import { assertTopicsExist, createTrafficProducer, writeToKafka } from './kafka-writer.js';
import { createSimulatorLogger, kafkaLogCreator } from './log.js';
import { type BarStream, createProgressBar } from './progress-bar.js';
import type { TrafficSummary } from './summary.js';
import { estimateMessageCount, type GeneratedMessage, generateTraffic } from './traffic.js';

/** Every variable the simulator reads. */
export const simulatorEnv = kafkaEnv.extend({
  LOG_LEVEL: logLevel
    .default('warn')
    .describe('a pino level: fatal, error, warn, info, debug, trace or silent'),
});

/** What the CLI talks to: a line sink for the summary, a stream for errors and progress. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: BarStream;
  /** Aborted on SIGINT/SIGTERM: the run stops after the batch in flight and still reports. */
  readonly signal?: AbortSignal;
}

/** Exit codes: 0 done, 1 failed, 2 bad command line or environment, 130 interrupted. */
const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

type SimulatorEnv = z.infer<typeof simulatorEnv>;

async function toKafka(
  config: SimulatorEnv,
  logger: Logger,
  flags: KafkaFlags,
  messages: Iterable<GeneratedMessage> | AsyncIterable<GeneratedMessage>,
  total: number,
  io: CliIo,
  quiet: boolean,
): Promise<TrafficSummary> {
  const kafka = new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    logLevel: kafkaLogLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    connectionTimeout: 3_000,
  });
  const topicFor = (topic: string): string => `${flags.topicPrefix}${topic}`;
  try {
    await assertTopicsExist(kafka, INPUT_TOPICS.map(topicFor));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`Kafka at ${config.KAFKA_BROKERS.join(',')}: ${why}`);
  }
  const producer = createTrafficProducer(kafka);
  await producer.connect();
  const bar = createProgressBar(io.stderr, !quiet);
  try {
    return await writeToKafka(producer, messages, {
      batchSize: flags.batchSize,
      pacing: flags.pacing,
      topicFor,
      total,
      onProgress: bar.update,
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    });
  } finally {
    bar.done();
    await producer.disconnect();
  }
}

async function execute(
  command: Exclude<CliCommand, { command: 'help' | 'version' }>,
  env: Env,
  io: CliIo,
): Promise<TrafficSummary> {
  switch (command.command) {
    case 'run': {
      const config = parseEnv(simulatorEnv, env);
      const logger = createSimulatorLogger(config.LOG_LEVEL);
      const { start, durationDays } = command.traffic;
      const endMs = Date.parse(start) + durationDays * 86_400_000;
      if (endMs > Date.now()) {
        // Consumers reject events ahead of their clock, so the tail of this run would be dead letters.
        logger.warn(
          { start, durationDays, end: new Date(endMs).toISOString() },
          'the simulated period ends in the future; events after now will be rejected as future timestamps',
        );
      }
      const traffic = generateTraffic(command.traffic);
      const total = estimateMessageCount(command.traffic);
      return toKafka(config, logger, command.kafka, traffic, total, io, command.quiet);
    }
    case 'write': {
      const bar = createProgressBar(io.stderr, !command.quiet);
      try {
        return await writeNdjsonFile(command.out, generateTraffic(command.traffic), {
          total: estimateMessageCount(command.traffic),
          onProgress: bar.update,
          ...(io.signal === undefined ? {} : { signal: io.signal }),
        });
      } finally {
        bar.done();
      }
    }
    case 'replay': {
      const file = await stat(command.input).catch(() => undefined);
      if (file === undefined || !file.isFile())
        throw new UsageError(`--in: ${command.input} is not a readable file`);
      const config = parseEnv(simulatorEnv, env);
      const logger = createSimulatorLogger(config.LOG_LEVEL);
      const total = await countNdjsonLines(command.input);
      return toKafka(config, logger, command.kafka, readNdjsonFile(command.input), total, io, command.quiet);
    }
  }
}

/** Runs one command line; writes the summary line on success and one error line otherwise. */
export async function runCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  try {
    const command = parseCliArgs(argv);
    if (command.command === 'help') {
      io.stdout(USAGE);
      return EXIT.ok;
    }
    if (command.command === 'version') {
      io.stdout(`simulator ${pkg.version}`);
      return EXIT.ok;
    }
    const startedAt = Date.now();
    const summary = await execute(command, env, io);
    const durationMs = Date.now() - startedAt;
    const interrupted = io.signal?.aborted === true;
    io.stdout(
      JSON.stringify({
        command: command.command,
        ...('traffic' in command ? { options: command.traffic } : {}),
        ...summary,
        durationMs,
        messagesPerSecond: Math.round(summary.messages / Math.max(durationMs / 1000, 0.001)),
        ...(interrupted ? { interrupted } : {}),
      }),
    );
    return interrupted ? EXIT.interrupted : EXIT.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`simulator: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError || error instanceof ConfigError ? EXIT.usage : EXIT.failed;
  }
}
