import type { PreparedBatch } from '@loyalty/avro';
import type { TableRows } from '@loyalty/clickhouse';
import {
  CustomerErasedEventSchema,
  HISTORY_ROLES,
  OUTPUT_EVENT_SCHEMAS,
  OUTPUT_EVENT_TYPES,
  type OutputEventType,
  type ParserConfig,
  parseDeadLetterHeaders,
  type TopicNames,
  type TopicRole,
} from '@loyalty/contracts';
import type { KafkaMessage } from 'kafkajs';
import type { ErasureTombstones } from './erasure-tombstones.js';
import { deadLetterRows, unreadableDeadLetterRows } from './rows/dead-letter-rows.js';
import { eventDateTime } from './rows/event-time.js';
import { inputRows } from './rows/input-rows.js';
import { outputRows } from './rows/output-rows.js';

/** The rows of a message, or why it has none. */
export type Decoded =
  | { readonly ok: true; readonly rows: TableRows; readonly rowCount: number }
  | { readonly ok: false; readonly reason: string; readonly detail: string };

// Keyed by every output type, so that a new one does not typecheck until the sink reads its topic.
const ROLE_OF_OUTPUT_TYPE = {
  'tier-changed': 'tierChanges',
  'stage-changed': 'stageChanges',
  'churn-risk': 'churnRisk',
  'wallet-share-changed': 'walletShareChanges',
  'pyramid-level-changed': 'pyramidLevelChanges',
} as const satisfies Record<OutputEventType, TopicRole>;

const OUTPUT_TYPE_OF_ROLE: ReadonlyMap<TopicRole, OutputEventType> = new Map(
  OUTPUT_EVENT_TYPES.map((type) => [ROLE_OF_OUTPUT_TYPE[type], type]),
);

function countRows(rows: TableRows): number {
  let n = 0;
  for (const list of Object.values(rows)) n += list.length;
  return n;
}

function withRows(rows: TableRows): Decoded {
  return { ok: true, rows, rowCount: countRows(rows) };
}

function skip(reason: string, detail: string): Decoded {
  return { ok: false, reason, detail };
}

// Counted, not logged with the id: the point is to keep the customer's data nowhere.
const ERASED = skip('erased_customer', 'an event of an erased customer from before the erasure');

/**
 * Turns messages of the product's topics, JSON or Avro (the Confluent wire format, decoded by
 * the batch's PreparedBatch), into rows of the history tables. Input messages are
 * accepted exactly as the aggregator accepts them (the same parser, and the key must be the
 * customerId), so what it dead-letters is skipped here (the dead-letter topic brings it in
 * instead); outputs are validated against their schemas.
 * With tombstones, events of erased customers from before their erasure are skipped, and
 * customer-erased events add tombstones at once.
 */
export class MessageDecoder {
  private readonly roleOfTopic: ReadonlyMap<string, TopicRole>;

  constructor(
    private readonly topics: TopicNames,
    private readonly parser: ParserConfig,
    private readonly tombstones?: ErasureTombstones,
  ) {
    this.roleOfTopic = new Map(HISTORY_ROLES.map((role) => [topics[role], role]));
  }

  /**
   * The rows of one message read from `topic` and `partition`, decoded by its batch's
   * `decoding`; never throws for bad content.
   */
  decode(topic: string, partition: number, message: KafkaMessage, decoding: PreparedBatch): Decoded {
    const role = this.roleOfTopic.get(topic);
    if (role === undefined) return skip('unknown_topic', `topic ${topic} is not read by the sink`);
    if (role === 'erasures') return this.noteErasure(message, decoding);
    if (role === 'deadLetters') {
      const letter = parseDeadLetterHeaders(message.headers ?? {});
      // A dead letter has no valid event time: the rejected message's own timestamp stands in.
      const at = letter.ok ? letter.deadLetter.source.timestampMs : Number(message.timestamp);
      if (message.key !== null && this.erased(message.key.toString('utf8'), at)) return ERASED;
      return withRows(
        letter.ok
          ? deadLetterRows(letter.deadLetter, message)
          : unreadableDeadLetterRows(topic, partition, message, letter.message),
      );
    }
    const outputType = OUTPUT_TYPE_OF_ROLE.get(role);
    return outputType === undefined
      ? this.decodeInput(topic, message, decoding)
      : this.decodeOutput(outputType, message, decoding);
  }

  private decodeInput(topic: string, message: KafkaMessage, decoding: PreparedBatch): Decoded {
    // The aggregator's own acceptance, key check included (acceptInput), so that what it
    // dead-letters is never stored here as well.
    const parsed = decoding.acceptInput(
      message,
      { topic },
      {
        ...this.parser,
        // The message's own timestamp, not the wall clock, judges "too far in the future", so
        // reading the topic again later (catching up, replaying) decides the same way.
        nowMs: kafkaTimestamp(message),
        inputTopics: this.topics,
      },
    );
    if (!parsed.ok) return skip(parsed.reason, parsed.message);
    if (this.erased(parsed.event.customerId, Date.parse(parsed.event.occurredAt))) return ERASED;
    const at = eventDateTime(parsed.event.occurredAt);
    if (at === undefined)
      return skip('out_of_range', `occurredAt ${parsed.event.occurredAt} does not fit a DateTime`);
    return withRows(inputRows(parsed.event, at));
  }

  private decodeOutput(type: OutputEventType, message: KafkaMessage, decoding: PreparedBatch): Decoded {
    const value = decoding.decodeValue(message.value);
    if (!value.ok) return skip('invalid_output', value.message);
    const parsed = OUTPUT_EVENT_SCHEMAS[type].safeParse(value.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return skip('invalid_output', `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    if (this.erased(parsed.data.customerId, Date.parse(parsed.data.occurredAt))) return ERASED;
    const at = eventDateTime(parsed.data.occurredAt);
    if (at === undefined)
      return skip('out_of_range', `occurredAt ${parsed.data.occurredAt} does not fit a DateTime`);
    return withRows(outputRows(parsed.data, at));
  }

  // A customer-erased event is no history (the audit table is), but it tells the sink of the
  // erasure sooner than the next refresh of the tombstones.
  private noteErasure(message: KafkaMessage, decoding: PreparedBatch): Decoded {
    const value = decoding.decodeValue(message.value);
    if (!value.ok) return skip('invalid_erasure', value.message);
    const parsed = CustomerErasedEventSchema.safeParse(value.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return skip('invalid_erasure', `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    this.tombstones?.addCustomer(parsed.data.customerId, Date.parse(parsed.data.erasedAt));
    return skip('erasure_notice', 'customer-erased events are not stored');
  }

  private erased(customerId: string, atMs: number): boolean {
    return this.tombstones?.covers(customerId, atMs) ?? false;
  }
}

// Kafka gives the timestamp as a decimal string; -1 (none) falls back to the wall clock.
function kafkaTimestamp(message: KafkaMessage): number {
  const ms = Number(message.timestamp);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : Date.now();
}
