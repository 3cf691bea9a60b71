import type { TableRows } from '@loyalty/clickhouse';
import type { DeadLetter } from '@loyalty/contracts';
import type { KafkaMessage } from 'kafkajs';
import { kafkaDateTime } from './event-time.js';

/** The reason stored for a message on the dead-letter topic whose headers cannot be read. */
export const UNREADABLE_DEAD_LETTER = 'unreadable_dead_letter';

const utf8 = new TextDecoder('utf-8', { fatal: true });

// The original bytes as text when they are UTF-8 (nearly always: JSON that failed to
// validate), otherwise as base64, so that nothing is lost (see 005_dead_letters.sql).
function payload(value: Buffer | null): { raw_payload: string; payload_encoding: 'utf8' | 'base64' } {
  if (value === null) return { raw_payload: '', payload_encoding: 'utf8' };
  try {
    return { raw_payload: utf8.decode(value), payload_encoding: 'utf8' };
  } catch {
    return { raw_payload: value.toString('base64'), payload_encoding: 'base64' };
  }
}

/** The row of a dead letter whose headers were read. */
export function deadLetterRows(letter: DeadLetter, message: KafkaMessage): TableRows {
  return {
    dead_letters: [
      {
        source_topic: letter.source.topic,
        source_partition: letter.source.partition,
        source_offset: letter.source.offset,
        source_timestamp: kafkaDateTime(letter.source.timestampMs),
        reason: letter.reason,
        message: letter.message,
        message_key: message.key === null ? null : message.key.toString('utf8'),
        ...payload(message.value),
        rejected_at: kafkaDateTime(letter.rejectedAtMs),
      },
    ],
  };
}

/**
 * The row of a message on the dead-letter topic whose headers say nothing usable (someone
 * else wrote it): it is kept, with its own place on the dead-letter topic as its source, so
 * that even this is never lost.
 */
export function unreadableDeadLetterRows(
  topic: string,
  partition: number,
  message: KafkaMessage,
  problem: string,
): TableRows {
  const at = kafkaDateTime(Number(message.timestamp));
  return {
    dead_letters: [
      {
        source_topic: topic,
        source_partition: partition,
        source_offset: message.offset,
        source_timestamp: at,
        reason: UNREADABLE_DEAD_LETTER,
        message: problem,
        message_key: message.key === null ? null : message.key.toString('utf8'),
        ...payload(message.value),
        rejected_at: at,
      },
    ],
  };
}
