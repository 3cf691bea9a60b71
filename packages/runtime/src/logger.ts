import { type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger } from 'pino';

// Personal fields never reach a log: customer ids are opaque, but event payloads and
// credentials can carry more. Paths are pino redaction paths.
const REDACT = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'sasl',
  '*.sasl',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'address',
  '*.address',
  'payload',
  '*.payload',
];

/** The root logger of a service: JSON lines on stdout, personal fields redacted. */
export function createLogger(service: string, level: LoggerOptions['level'] = 'info'): Logger {
  return pino({ name: service, level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service } });
}
