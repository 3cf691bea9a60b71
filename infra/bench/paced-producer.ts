// The latency run's producer: a fixed rate, each event stamped with the wall-clock time it
// is sent at (so event time is "now", as in live traffic), and each message's offset and
// broker append time taken from the produce response. The topics use LogAppendTime, so the
// response carries the broker's own append time.

import { setTimeout as sleep } from 'node:timers/promises';
import type { GeneratedMessage } from '@loyalty/simulator';
import { type Message, Partitioners, type PartitionMetadata, type Producer } from 'kafkajs';

/** One message as the broker stored it. */
export interface SentMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** The broker's append time (epoch ms). */
  readonly appendedAt: number;
  readonly customerId: string;
  /** The event time the message carries (epoch ms). */
  readonly occurredAtMs: number;
}

export interface PacedRun {
  readonly eventsPerSecond: number;
  readonly seconds: number;
  readonly namespace: string;
  readonly partitions: number;
  /** Throws to stop sending at once (the service died, the run was aborted). */
  readonly guard: () => void;
}

const TICK_MS = 5;

/**
 * Sends events at `eventsPerSecond` for `seconds`, each request holding what fell due since
 * the previous one; resolves with every message's offset and append time.
 */
export async function producePaced(
  producer: Producer,
  messages: Iterator<GeneratedMessage>,
  run: PacedRun,
): Promise<SentMessage[]> {
  // The same partition the simulator's producer would pick (Java's murmur2), chosen here so
  // that each message's offset can be read off its partition's base offset.
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: run.partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  const total = run.eventsPerSecond * run.seconds;
  const sent: SentMessage[] = [];
  const startedAt = Date.now();
  let exhausted = false;
  while (sent.length < total && !exhausted) {
    run.guard();
    const due = Math.min(total, Math.floor(((Date.now() - startedAt) * run.eventsPerSecond) / 1000));
    if (due <= sent.length) {
      await sleep(TICK_MS);
      continue;
    }
    const nowMs = Date.now();
    const byPartition = new Map<
      string,
      { topic: string; partition: number; messages: Message[]; ids: string[] }
    >();
    for (let i = sent.length; i < due; i++) {
      const next = messages.next();
      if (next.done === true) {
        exhausted = true;
        break;
      }
      const topic = `${run.namespace}${next.value.topic}`;
      const event = JSON.parse(next.value.value.toString('utf8')) as {
        occurredAt: string;
        customerId: string;
      };
      event.occurredAt = new Date(nowMs).toISOString();
      const message: Message = { key: next.value.key, value: JSON.stringify(event) };
      const partition = partitioner({ topic, partitionMetadata, message });
      const group = byPartition.get(`${topic}:${partition}`) ?? { topic, partition, messages: [], ids: [] };
      group.messages.push({ ...message, partition });
      group.ids.push(event.customerId);
      byPartition.set(`${topic}:${partition}`, group);
    }
    if (byPartition.size === 0) break;
    const topicMessages = new Map<string, Message[]>();
    for (const group of byPartition.values()) {
      topicMessages.set(group.topic, [...(topicMessages.get(group.topic) ?? []), ...group.messages]);
    }
    const metadata = await producer.sendBatch({
      acks: -1,
      topicMessages: [...topicMessages].map(([topic, list]) => ({ topic, messages: list })),
    });
    for (const record of metadata) {
      const group = byPartition.get(`${record.topicName}:${record.partition}`);
      const appendedAt = Number(record.logAppendTime ?? '-1');
      if (group === undefined || record.baseOffset === undefined || appendedAt < 0) {
        throw new Error(
          `${record.topicName} gave no base offset or append time; is message.timestamp.type LogAppendTime?`,
        );
      }
      group.ids.forEach((customerId, i) => {
        sent.push({
          topic: group.topic,
          partition: group.partition,
          offset: BigInt(record.baseOffset as string) + BigInt(i),
          appendedAt,
          customerId,
          occurredAtMs: nowMs,
        });
      });
    }
  }
  return sent;
}
