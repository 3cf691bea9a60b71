import type { Producer, TopicMessages } from 'kafkajs';

/** Most messages of one topic in one produce call: see sendInSlices. */
export const SLICE_MESSAGES_PER_TOPIC = 128;

/**
 * Splits topic messages into slices of at most `perTopic` messages of each topic, in order:
 * every slice takes the next messages of every topic.
 */
export function slicesOf(topicMessages: readonly TopicMessages[], perTopic: number): TopicMessages[][] {
  if (!Number.isSafeInteger(perTopic) || perTopic < 1)
    throw new RangeError(`perTopic must be >= 1, got ${perTopic}`);
  const longest = Math.max(0, ...topicMessages.map(({ messages }) => messages.length));
  const slices: TopicMessages[][] = [];
  for (let start = 0; start < longest; start += perTopic) {
    slices.push(
      topicMessages
        .filter(({ messages }) => messages.length > start)
        .map(({ topic, messages }) => ({ topic, messages: messages.slice(start, start + perTopic) })),
    );
  }
  return slices;
}

/**
 * Sends topic messages acknowledged by every in-sync replica, slice after slice (slicesOf).
 * kafkajs groups one call's messages by partition by copying the partition's list at every
 * message, which costs time and garbage quadratic in the messages per partition: the
 * aggregator's outputs of one shard all go to one partition per topic. Bounded slices keep it
 * linear; awaiting each slice before the next keeps every key's order.
 */
export async function sendInSlices(
  producer: Producer,
  topicMessages: readonly TopicMessages[],
  perTopic = SLICE_MESSAGES_PER_TOPIC,
): Promise<void> {
  for (const slice of slicesOf(topicMessages, perTopic))
    await producer.sendBatch({ acks: -1, topicMessages: slice });
}
