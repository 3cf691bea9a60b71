import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INPUT_EVENT_TYPES, type InputEventType, TOPIC_BY_INPUT_TYPE } from './input-events.js';
import {
  CURRENCY_LIMIT,
  CUSTOMER_MONEY_LIMIT,
  inputMessageLimits,
  OCCURRED_AT_LIMIT,
} from './input-limits.js';
import { jsonSchemaFileName, renderJsonSchema, SCHEMAS_DIRECTORY } from './json-schemas.js';
import { MAX_JSON_DEPTH } from './parse-input-message.js';
import { ParserConfigSchema } from './parser-options.js';
import { REJECTION_REASONS } from './rejection.js';

const DEFAULTS = ParserConfigSchema.parse({});
const DOCS = fileURLToPath(new URL('../../../docs/input-contracts.md', import.meta.url));

// The JSON Schema of an input type as published, and the description of one of its fields.
const published = (type: InputEventType) => JSON.parse(renderJsonSchema(type));
const fieldDescription = (type: InputEventType, field: string): string | undefined => {
  const schema = published(type);
  // A union of variants (purchase: sale or return) repeats the shared fields in each.
  return (schema.oneOf?.[0] ?? schema).properties[field]?.description;
};

// Avro schemas are written by hand: their docs must say what the JSON Schemas say.
function avroSchema(type: InputEventType): { doc: string; fields: { name: string; doc?: string }[] } {
  return JSON.parse(readFileSync(join(SCHEMAS_DIRECTORY, 'avro', `${type}.v1.avsc`), 'utf8'));
}

describe('the limits the published input schemas state', () => {
  it("give the parser's limits and defaults", () => {
    const limits = inputMessageLimits('t');
    expect(limits).toContain(`at most ${MAX_JSON_DEPTH} levels`);
    expect(limits).toContain(`LOYALTY_MAX_MESSAGE_BYTES bytes, default ${DEFAULTS.maxMessageBytes} `);
    expect(OCCURRED_AT_LIMIT).toContain(
      `LOYALTY_MAX_CLOCK_SKEW_MS milliseconds in the future, default ${DEFAULTS.maxFutureSkewMs} `,
    );
    expect(CURRENCY_LIMIT).toContain(`LOYALTY_BASE_CURRENCY, default ${DEFAULTS.baseCurrency} `);
    expect(CUSTOMER_MONEY_LIMIT).toContain(String(Number.MAX_SAFE_INTEGER));
  });

  it.each(INPUT_EVENT_TYPES)('stand in the JSON Schema and the Avro schema of %s', (type) => {
    const limits = inputMessageLimits(TOPIC_BY_INPUT_TYPE[type]);
    expect(published(type).description).toContain(limits);
    const avro = avroSchema(type);
    expect(avro.doc.endsWith(limits)).toBe(true);
    for (const field of ['occurredAt', 'currency', 'totalMinor']) {
      expect(avro.fields.find((f) => f.name === field)?.doc).toBe(fieldDescription(type, field));
    }
    expect(fieldDescription(type, 'occurredAt')).toContain(OCCURRED_AT_LIMIT);
  });

  it('state the limits of money at their fields', () => {
    expect(fieldDescription('purchase', 'currency')).toContain(CURRENCY_LIMIT);
    expect(fieldDescription('wallet-estimate', 'currency')).toContain(CURRENCY_LIMIT);
    expect(fieldDescription('purchase', 'totalMinor')).toContain(CUSTOMER_MONEY_LIMIT);
  });

  it('name every dead-letter reason a producer can cause, and only real ones', () => {
    const text = INPUT_EVENT_TYPES.map((type) =>
      readFileSync(join(SCHEMAS_DIRECTORY, 'json', jsonSchemaFileName(type)), 'utf8'),
    ).join('\n');
    const named = new Set([...text.matchAll(/\[([a-z_, ]+)\]/g)].flatMap((m) => (m[1] ?? '').split(', ')));
    // A store refusing one message is nothing a producer can check beforehand.
    const causable = REJECTION_REASONS.filter((reason) => reason !== 'store_refused');
    expect([...named].sort()).toEqual([...causable].sort());
  });
});

describe('docs/input-contracts.md', () => {
  const docs = readFileSync(DOCS, 'utf8');

  it.each(REJECTION_REASONS)('has a row for the reason %s', (reason) => {
    expect(docs).toMatch(new RegExp(`^\\| \`${reason}\` +\\|`, 'm'));
  });

  it('gives the defaults of the limits', () => {
    const row = (reason: string) => docs.split('\n').find((line) => line.startsWith(`| \`${reason}\``));
    expect(row('too_large')).toContain(`${DEFAULTS.maxMessageBytes} (64 KiB)`);
    expect(row('schema_violation')).toContain(`${MAX_JSON_DEPTH} levels`);
    expect(row('future_timestamp')).toContain(`${DEFAULTS.maxFutureSkewMs} ms`);
    expect(row('currency_mismatch')).toContain(`\`${DEFAULTS.baseCurrency}\``);
    expect(row('amount_overflow')).toContain(String(Number.MAX_SAFE_INTEGER));
  });
});
