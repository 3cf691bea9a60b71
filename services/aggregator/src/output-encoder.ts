import { createOutputAvroEncoder, type Registry } from '@loyalty/avro';
import type { OutputFormat } from '@loyalty/config';
import {
  type CustomerStateEvent,
  encodeCustomerState,
  encodeOutputEvent,
  type OutputEvent,
  type TopicNames,
} from '@loyalty/contracts';

/**
 * Turns a valid event of the aggregator, a change (tier, stage, churn risk) or a customer's
 * state, into a Kafka message value; an invalid event is a bug (InvalidOutputEventError, a
 * TypeError).
 */
export type OutputEncoder = (event: OutputEvent | CustomerStateEvent) => Buffer | Promise<Buffer>;

const encodeJson: OutputEncoder = (event) =>
  event.type === 'customer-state' ? encodeCustomerState(event) : encodeOutputEvent(event);

/**
 * The encoder of LOYALTY_OUTPUT_FORMAT. JSON needs nothing; Avro first looks up the ids of the
 * registered output and state schemas, so it rejects while the registry is down (retriable) or
 * when the schemas are not registered (not retriable: `loyalty schemas register` fixes it).
 */
export async function outputEncoder(
  format: OutputFormat,
  registry: Registry,
  topics: TopicNames,
): Promise<OutputEncoder> {
  return format === 'avro' ? createOutputAvroEncoder(registry, topics) : encodeJson;
}
