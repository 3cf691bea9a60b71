/** A Kafka message that announces a customer's evaluation. */
export interface OutboxMessage {
  readonly topic: string;
  readonly key: string;
  /** null: a tombstone. */
  readonly value: Buffer | null;
}

// Each message: topic and key as u16 length + UTF-8, the value as i32 length (-1 for a
// tombstone) + bytes. Binary, since Avro values are; no JSON or base64 on the hot path.
const TOMBSTONE = -1;

/** The messages as one binary string for Redis. */
export function encodeOutbox(messages: readonly OutboxMessage[]): Buffer {
  const parts: Buffer[] = [];
  for (const { topic, key, value } of messages) {
    const text = Buffer.from(`${topic}\u0000${key}`, 'utf8');
    const head = Buffer.allocUnsafe(6);
    head.writeUInt16BE(text.length, 0);
    head.writeInt32BE(value === null ? TOMBSTONE : value.length, 2);
    parts.push(head, text);
    if (value !== null) parts.push(value);
  }
  return Buffer.concat(parts);
}

/** The messages of encodeOutbox's bytes; throws on bytes it did not write. */
export function decodeOutbox(bytes: Buffer): OutboxMessage[] {
  const messages: OutboxMessage[] = [];
  let at = 0;
  while (at < bytes.length) {
    const textLength = bytes.readUInt16BE(at);
    const valueLength = bytes.readInt32BE(at + 2);
    const textEnd = at + 6 + textLength;
    const text = bytes.toString('utf8', at + 6, textEnd);
    const split = text.indexOf('\u0000');
    const valueEnd = valueLength === TOMBSTONE ? textEnd : textEnd + valueLength;
    if (split < 0 || valueLength < TOMBSTONE || valueEnd > bytes.length) {
      throw new RangeError('an outbox that encodeOutbox did not write');
    }
    messages.push({
      topic: text.slice(0, split),
      key: text.slice(split + 1),
      value: valueLength === TOMBSTONE ? null : Buffer.from(bytes.subarray(textEnd, valueEnd)),
    });
    at = valueEnd;
  }
  return messages;
}
