import { z } from 'zod';
import { describeIssues } from './issues.js';
import { REJECTION_REASONS, type RejectionReason } from './rejection.js';

/** The Kafka header names of a message on the dead-letter topic. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-dlq-reason',
  message: 'x-dlq-message',
  sourceTopic: 'x-dlq-source-topic',
  sourcePartition: 'x-dlq-source-partition',
  sourceOffset: 'x-dlq-source-offset',
  sourceTimestamp: 'x-dlq-source-timestamp',
  rejectedAt: 'x-dlq-rejected-at',
} as const;

/** Header values keep to this many characters, so one odd message cannot bloat the topic. */
export const MAX_DEAD_LETTER_MESSAGE_CHARS = 1024;

/** Where a rejected message was read: its topic, partition, offset and Kafka timestamp. */
export interface DeadLetterSource {
  readonly topic: string;
  readonly partition: number;
  /** A decimal string, as Kafka clients give offsets (they may exceed 2^53). */
  readonly offset: string;
  readonly timestampMs: number;
}

/** What the headers of a dead letter say. */
export interface DeadLetter {
  readonly reason: RejectionReason;
  readonly message: string;
  readonly source: DeadLetterSource;
  readonly rejectedAtMs: number;
}

/** A Kafka header value as clients hand it over (kafkajs IHeaders). */
export type KafkaHeaderValue = string | Buffer | readonly (string | Buffer)[] | undefined;

export type DeadLetterHeadersResult =
  | { readonly ok: true; readonly deadLetter: DeadLetter }
  | { readonly ok: false; readonly message: string };

/** The headers of the dead-letter message for a rejected input; every value is a string. */
export function deadLetterHeaders(
  rejection: { readonly reason: RejectionReason; readonly message: string },
  source: DeadLetterSource,
  rejectedAtMs: number,
): Record<string, string> {
  return {
    [DEAD_LETTER_HEADERS.reason]: rejection.reason,
    [DEAD_LETTER_HEADERS.message]: rejection.message.slice(0, MAX_DEAD_LETTER_MESSAGE_CHARS),
    [DEAD_LETTER_HEADERS.sourceTopic]: source.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(source.partition),
    [DEAD_LETTER_HEADERS.sourceOffset]: source.offset,
    [DEAD_LETTER_HEADERS.sourceTimestamp]: String(source.timestampMs),
    [DEAD_LETTER_HEADERS.rejectedAt]: String(rejectedAtMs),
  };
}

const decimalInteger = (schema: z.ZodInt) =>
  z
    .string()
    .regex(/^-?\d{1,16}$/, { error: 'expected a decimal integer' })
    .transform(Number)
    .pipe(schema);

const headers = DEAD_LETTER_HEADERS;

// Keyed by header name, so that an issue's path is the name of the offending header.
const DeadLetterHeadersSchema = z.object({
  [headers.reason]: z.enum(REJECTION_REASONS),
  [headers.message]: z.string(),
  [headers.sourceTopic]: z.string().min(1),
  [headers.sourcePartition]: decimalInteger(z.int().nonnegative()),
  [headers.sourceOffset]: z
    .string()
    .regex(/^\d{1,20}$/, { error: 'expected a non-negative decimal integer' }),
  // Kafka reports -1 for a record without a timestamp.
  [headers.sourceTimestamp]: decimalInteger(z.int().min(-1)),
  [headers.rejectedAt]: decimalInteger(z.int().nonnegative()),
});

function headerText(value: KafkaHeaderValue): string | undefined {
  // Kafka allows a header name more than once; the first occurrence is the one we wrote.
  const first = typeof value === 'string' || Buffer.isBuffer(value) ? value : value?.[0];
  return first === undefined ? undefined : first.toString();
}

/** Reads the headers written by deadLetterHeaders back into a DeadLetter; never throws. */
export function parseDeadLetterHeaders(
  received: Readonly<Record<string, KafkaHeaderValue>>,
): DeadLetterHeadersResult {
  const texts: Record<string, string | undefined> = {};
  for (const name of Object.values(headers)) {
    texts[name] = Object.hasOwn(received, name) ? headerText(received[name]) : undefined;
  }
  const parsed = DeadLetterHeadersSchema.safeParse(texts);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues) };
  const h = parsed.data;
  return {
    ok: true,
    deadLetter: {
      reason: h[headers.reason],
      message: h[headers.message],
      source: {
        topic: h[headers.sourceTopic],
        partition: h[headers.sourcePartition],
        offset: h[headers.sourceOffset],
        timestampMs: h[headers.sourceTimestamp],
      },
      rejectedAtMs: h[headers.rejectedAt],
    },
  };
}
