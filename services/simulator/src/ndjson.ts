import { isUtf8 } from 'node:buffer';
import { INPUT_TOPICS, REJECTION_REASONS } from '@loyalty/contracts';
import { z } from 'zod';
import type { GeneratedMessage } from './traffic.js';

// One message per line: the value as text when its bytes are UTF-8 (every good event, most
// bad ones), as base64 otherwise, so that a replay sends back exactly the same bytes.

const NdjsonLineSchema = z.object({
  topic: z.enum(INPUT_TOPICS),
  key: z.string().min(1),
  occurredAtMs: z.int(),
  kind: z.enum(['good', 'malformed', 'duplicate']),
  defect: z.enum(REJECTION_REASONS).optional(),
  encoding: z.literal('base64').optional(),
  value: z.string(),
});

/** A message as one NDJSON line (without the newline). */
export function toNdjsonLine(message: GeneratedMessage): string {
  const utf8 = isUtf8(message.value);
  return JSON.stringify({
    topic: message.topic,
    key: message.key,
    occurredAtMs: message.occurredAtMs,
    kind: message.kind,
    ...(message.defect === undefined ? {} : { defect: message.defect }),
    ...(utf8 ? {} : { encoding: 'base64' }),
    value: utf8 ? message.value.toString('utf8') : message.value.toString('base64'),
  });
}

/** The message of one NDJSON line; throws an Error saying what is wrong with the line. */
export function fromNdjsonLine(line: string): GeneratedMessage {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new Error(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = NdjsonLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`);
  }
  const { topic, key, occurredAtMs, kind, defect, encoding, value } = parsed.data;
  return {
    topic,
    key,
    occurredAtMs,
    kind,
    ...(defect === undefined ? {} : { defect }),
    value: Buffer.from(value, encoding === 'base64' ? 'base64' : 'utf8'),
  };
}
