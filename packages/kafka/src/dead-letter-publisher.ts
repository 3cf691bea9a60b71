import { createHash } from 'node:crypto';
import { deadLetterHeaders, type RejectionReason, TOPICS } from '@loyalty/contracts';
import { errorChain, LoyaltyError } from '@loyalty/runtime';
import type { KafkaMessage, Message, Producer } from 'kafkajs';

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
 * The most bytes one dead letter (key, value and headers) or one request of them may take: the
 * broker's default `message.max.bytes` (1,048,588, per record batch) less room for the batch's
 * own framing. A larger rejected message is trimmed to fit; its headers keep the reference to
 * the original (topic, partition, offset), and its text says what was cut.
 */
export const MAX_DEAD_LETTER_BYTES = 1_000_000;

// Below this a trimmed dead letter is headers and a stub: a topic that refuses even that is
// misconfigured, and waiting will not help.
const MIN_DEAD_LETTER_BYTES = 4_096;
// What a record adds beyond its key, value and headers (lengths, offsets, attributes).
const RECORD_OVERHEAD_BYTES = 64;
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * Publishes rejected messages to the dead-letter topic: the original key and bytes (trimmed to
 * fit the broker's limit), and headers naming the reason and the origin. Resolves when the
 * broker acknowledged them (acks from all in-sync replicas), so the caller may then commit the
 * source offsets. Requests stay under the size limit; a broker that still finds one too large
 * (a topic with a lower `max.message.bytes`) gets each dead letter alone, trimmed further.
 */
export class DeadLetterPublisher {
  readonly counts: DeadLetterCounts = {};

  constructor(
    private readonly producer: Producer,
    private readonly topic: string = TOPICS.deadLetters,
    private readonly maxBytes: number = MAX_DEAD_LETTER_BYTES,
  ) {}

  async publish(rejected: readonly RejectedMessage[], nowMs = Date.now()): Promise<void> {
    let chunk: Array<[RejectedMessage, Message]> = [];
    let chunkBytes = 0;
    for (const r of rejected) {
      const letter = deadLetter(r, nowMs, this.maxBytes);
      const bytes = letterBytes(letter);
      if (chunk.length > 0 && chunkBytes + bytes > this.maxBytes) {
        await this.send(chunk, nowMs);
        chunk = [];
        chunkBytes = 0;
      }
      chunk.push([r, letter]);
      chunkBytes += bytes;
    }
    if (chunk.length > 0) await this.send(chunk, nowMs);
    for (const r of rejected) this.counts[r.reason] = (this.counts[r.reason] ?? 0) + 1;
  }

  private async send(
    chunk: ReadonlyArray<readonly [RejectedMessage, Message]>,
    nowMs: number,
  ): Promise<void> {
    try {
      await this.produce(chunk.map(([, letter]) => letter));
    } catch (error) {
      if (!isTooLarge(error)) throw error;
      for (const [r] of chunk) await this.sendAlone(r, nowMs);
    }
  }

  // Halves the bound until the broker takes the dead letter: at most a dozen tries.
  private async sendAlone(r: RejectedMessage, nowMs: number): Promise<void> {
    for (let bound = this.maxBytes; ; bound = Math.floor(bound / 2)) {
      try {
        await this.produce([deadLetter(r, nowMs, bound)]);
        return;
      } catch (error) {
        if (!isTooLarge(error)) throw error;
        if (bound / 2 < MIN_DEAD_LETTER_BYTES) {
          throw new LoyaltyError(
            `the dead-letter topic ${this.topic} refuses even a ${bound}-byte dead letter; raise its max.message.bytes`,
            { retriable: false, cause: error },
          );
        }
      }
    }
  }

  private async produce(messages: Message[]): Promise<void> {
    await this.producer.send({ topic: this.topic, acks: -1, messages });
  }
}

/** The dead letter of a rejected message, within `maxBytes`: the value is cut first, then the key. */
export function deadLetter(r: RejectedMessage, nowMs: number, maxBytes: number): Message {
  const source = {
    topic: r.topic,
    partition: r.partition,
    offset: r.message.offset,
    timestampMs: Number(r.message.timestamp),
  };
  const { key, value } = r.message;
  const keyBytes = key?.length ?? 0;
  const valueBytes = value?.length ?? 0;
  const whole = {
    key,
    value,
    headers: deadLetterHeaders({ reason: r.reason, message: r.text }, source, nowMs),
  };
  if (letterBytes(whole) <= maxBytes) return whole;
  // The note goes first: the message header is cut at its end.
  const digest = createHash('sha256')
    .update(value ?? Buffer.alloc(0))
    .digest('hex');
  const note = `[dead letter trimmed from ${keyBytes}-byte key and ${valueBytes}-byte value (sha256 ${digest})] `;
  const headers = deadLetterHeaders({ reason: r.reason, message: note + r.text }, source, nowMs);
  let room = maxBytes - letterBytes({ key: null, value: null, headers });
  const keptKey = key === null ? null : key.subarray(0, Math.max(0, Math.min(keyBytes, room)));
  room -= keptKey?.length ?? 0;
  const keptValue = value === null ? null : value.subarray(0, Math.max(0, Math.min(valueBytes, room)));
  return { key: keptKey, value: keptValue, headers };
}

function letterBytes({ key, value, headers }: Message): number {
  let bytes = RECORD_OVERHEAD_BYTES + byteLength(key) + byteLength(value);
  for (const [name, header] of Object.entries(headers ?? {})) {
    bytes += Buffer.byteLength(name) + (typeof header === 'string' ? Buffer.byteLength(header) : 0);
  }
  return bytes;
}

function byteLength(data: Buffer | string | null | undefined): number {
  if (data === null || data === undefined) return 0;
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
}

/** Whether the broker refused a request or record for its size (kafkajs keeps the protocol error's type). */
function isTooLarge(error: unknown): boolean {
  return errorChain(error).some((e) => TOO_LARGE.has(String((e as { type?: unknown }).type)));
}
