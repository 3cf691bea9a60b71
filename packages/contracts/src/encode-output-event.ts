import { describeIssues } from './issues.js';
import { type OutputEvent, OutputEventSchema } from './output-events.js';

/**
 * Validates an output event and encodes it as UTF-8 JSON for Kafka. An invalid event is a bug
 * in the code that built it, so it throws a TypeError (never retried) naming the failing paths.
 */
export function encodeOutputEvent(event: OutputEvent): Buffer {
  const parsed = OutputEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new TypeError(
      `invalid ${String(event.type)} output event: ${describeIssues(parsed.error.issues)}`,
      {
        cause: parsed.error,
      },
    );
  }
  return Buffer.from(JSON.stringify(parsed.data), 'utf8');
}
