import { describe, expect, it } from 'vitest';
import { frame, isFramed, unframe } from './wire-format.js';

describe('the Confluent wire format', () => {
  it('puts the magic byte and the big-endian schema id before the body', () => {
    const bytes = frame(0x01020304, Buffer.from([0xaa, 0xbb]));
    expect([...bytes]).toEqual([0, 1, 2, 3, 4, 0xaa, 0xbb]);
    expect(unframe(bytes)).toEqual({ schemaId: 0x01020304, body: Buffer.from([0xaa, 0xbb]) });
  });

  it('reads ids up to 2^32 - 1 as positive numbers', () => {
    expect(unframe(frame(0xffffffff, Buffer.alloc(0)))?.schemaId).toBe(0xffffffff);
  });

  it('tells Avro from JSON by the first byte, and gives nothing for a truncated header', () => {
    expect(isFramed(Buffer.from('{"type":"purchase"}'))).toBe(false);
    expect(isFramed(Buffer.from(' {}'))).toBe(false);
    expect(isFramed(Buffer.alloc(0))).toBe(false);
    expect(isFramed(Buffer.from([0, 0, 1]))).toBe(true);
    expect(unframe(Buffer.from([0, 0, 1]))).toBeUndefined();
    expect(unframe(Buffer.from('{}'))).toBeUndefined();
  });
});
