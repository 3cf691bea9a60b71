// The Confluent wire format (Confluent Schema Registry docs, "Formats, Serializers, and
// Deserializers" > "Wire format"): byte 0 is the magic byte 0, bytes 1-4 the schema id as a
// big-endian 32-bit integer, and the rest the Avro binary encoding of the value.

/** The first byte of every message in the Confluent wire format. */
export const MAGIC_BYTE = 0;

/** The magic byte and the 4-byte schema id in front of the Avro body. */
export const HEADER_BYTES = 5;

/** A message in the Confluent wire format, split into its schema id and Avro body. */
export interface FramedMessage {
  readonly schemaId: number;
  readonly body: Buffer;
}

/**
 * Whether bytes claim the Confluent wire format. JSON text can never start with a zero byte,
 * so the magic byte alone tells the two formats apart on the same topic.
 */
export function isFramed(bytes: Buffer): boolean {
  return bytes.length > 0 && bytes[0] === MAGIC_BYTE;
}

/** The schema id and body of framed bytes, or undefined when they are too short for the header. */
export function unframe(bytes: Buffer): FramedMessage | undefined {
  if (!isFramed(bytes) || bytes.length < HEADER_BYTES) return undefined;
  return { schemaId: bytes.readUInt32BE(1), body: bytes.subarray(HEADER_BYTES) };
}

/** The Avro body of a value behind the magic byte and the schema id. */
export function frame(schemaId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}
