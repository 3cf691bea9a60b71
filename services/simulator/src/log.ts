import { createLogger, type Logger } from '@loyalty/runtime';
import { type logCreator, logLevel } from 'kafkajs';
import { pino } from 'pino';

/** The simulator's logger: JSON lines on stderr, so stdout carries only the run's summary. */
export function createSimulatorLogger(level: string): Logger {
  return createLogger('simulator', level, pino.destination(2));
}

const LEVELS: Readonly<Record<number, 'error' | 'warn' | 'info' | 'debug'>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs's own log lines into the simulator's logger. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const kafkaLogger = logger.child({ module: 'kafkajs' });
  return () =>
    ({ namespace, level, log }) => {
      const { message, ...fields } = log;
      kafkaLogger[LEVELS[level] ?? 'info']({ namespace, ...fields }, message);
    };
}
