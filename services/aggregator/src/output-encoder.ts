import { createOutputAvroEncoder, type Registry } from '@loyalty/avro';
import type { OutputFormat } from '@loyalty/config';
import { encodeOutputEvent, type OutputEvent, type TopicNames } from '@loyalty/contracts';

/** Turns a valid output event into a Kafka message value; an invalid event is a bug (TypeError). */
export type OutputEncoder = (event: OutputEvent) => Buffer | Promise<Buffer>;

/**
 * The encoder of LOYALTY_OUTPUT_FORMAT. JSON needs nothing; Avro first looks up the ids of the
 * registered output schemas, so it rejects while the registry is down (retriable) or when the
 * schemas are not registered (not retriable: `loyalty schemas register` fixes it).
 */
export async function outputEncoder(
  format: OutputFormat,
  registry: Registry,
  topics: TopicNames,
): Promise<OutputEncoder> {
  return format === 'avro' ? createOutputAvroEncoder(registry, topics) : encodeOutputEvent;
}
