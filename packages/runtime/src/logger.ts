import { hostname } from 'node:os';
import { maskSecrets } from '@loyalty/config';
import { type DestinationStream, type Logger, type LoggerOptions, pino, stdSerializers } from 'pino';

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

/**
 * The root logger of a service: JSON lines on stdout (or `destination`), personal fields
 * redacted, secrets masked. Each line names its level as a word ("level":"warn", what log
 * stores and people search for) and carries the service, pid and hostname.
 */
export function createLogger(
  service: string,
  level: LoggerOptions['level'] = 'info',
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    name: service,
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    // Secrets are masked at any depth and inside URLs (redaction paths stop at fixed depths
    // and cannot mask part of a string): a logged configuration shows its passwords as ***.
    formatters: { level: (label) => ({ level: label }), log: maskSecrets },
    serializers: { err: serializeError },
    base: { service, pid: process.pid, hostname: hostname() },
  };
  const logger = destination === undefined ? pino(options) : pino(options, destination);
  // pino formats only the root's bindings, not a child's: those are masked on the way in.
  // Children inherit from the root, so this covers grandchildren too.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, maskSecrets(bindings), childOptions);
  } as Logger['child'];
  return logger;
}

// pino's error serializer, then masked: an error message can quote a URL with its password.
// The serializer's result inherits from a prototype of pino's, so it is copied to a plain
// object first for maskSecrets to walk it. A Redis client's error names the failed command
// with its arguments: those of AUTH are a password, those of other commands customer data,
// so only the command's name is kept.
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return maskSecrets(error);
  const { command, ...serialized } = { ...stdSerializers.err(error) } as Record<string, unknown>;
  const name =
    typeof command === 'object' && command !== null ? (command as { name?: unknown }).name : undefined;
  return maskSecrets(name === undefined ? serialized : { ...serialized, command: { name } });
}
