import { deadLetterHeaders, type RejectionReason, TOPICS } from '@loyalty/contracts';
import type { KafkaMessage, Producer } from 'kafkajs';

/** A message the pipeline will not process, with why. */
export interface RejectedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
  readonly reason: RejectionReason;
  readonly text: string;
}

/** Counts of dead letters by reason since start, for metrics. */
export type DeadLetterCounts = Partial<Record<RejectionReason, number>>;

/**
 * Publishes rejected messages to the dead-letter topic: the original key and bytes, and
 * headers naming the reason and the origin. Resolves when the broker acknowledged them
 * (acks from all in-sync replicas), so the caller may then commit the source offsets.
 */
export class DeadLetterPublisher {
  readonly counts: DeadLetterCounts = {};

  constructor(
    private readonly producer: Producer,
    private readonly topic: string = TOPICS.deadLetters,
  ) {}

  async publish(rejected: readonly RejectedMessage[], nowMs = Date.now()): Promise<void> {
    if (rejected.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: rejected.map((r) => ({
        key: r.message.key,
        value: r.message.value,
        headers: deadLetterHeaders(
          { reason: r.reason, message: r.text },
          {
            topic: r.topic,
            partition: r.partition,
            offset: r.message.offset,
            timestampMs: Number(r.message.timestamp),
          },
          nowMs,
        ),
      })),
    });
    for (const r of rejected) this.counts[r.reason] = (this.counts[r.reason] ?? 0) + 1;
  }
}
