export {
  BatchConsumer,
  type BatchConsumerOptions,
  type ConsumedBatch,
  type ConsumerEvent,
} from './batch-consumer.js';
export { createKafka } from './client.js';
export { CoPartitionedAssigner } from './co-partitioned-assigner.js';
export { groupProgress, lagOf, type PartitionProgress } from './consumer-group-progress.js';
export type { DeadLetterCounts, RejectedMessage } from './dead-letter-publisher.js';
export { DeadLetterPublisher, deadLetter, MAX_DEAD_LETTER_BYTES } from './dead-letter-publisher.js';
export { kafkaSecurityFailure } from './security-failure.js';
export { kafkaSecurityOptions } from './security-options.js';
export { SLICE_MESSAGES_PER_TOPIC, sendInSlices, slicesOf } from './send-in-slices.js';
