import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { customerErasedEvent, ERASURE_EVENT_TYPES } from './customer-erased.js';
import { CustomerStateEventSchema, customerStateEventId, STATE_EVENT_TYPES } from './customer-state.js';
import { encodeCustomerState, encodeOutputEvent } from './encode-output-event.js';
import { INPUT_EVENT_SCHEMAS, INPUT_EVENT_TYPES, TOPIC_BY_INPUT_TYPE } from './input-events.js';
import {
  type EventType,
  exampleFileName,
  jsonSchemaFileName,
  PUBLISHED_EVENT_TYPES,
  renderJsonSchema,
  SCHEMAS_DIRECTORY,
} from './json-schemas.js';
import { OUTPUT_EVENT_SCHEMAS, OUTPUT_EVENT_TYPES } from './output-events.js';
import { parseInputMessage } from './parse-input-message.js';
import { exampleWith, jsonBytes, readExample, TEST_PARSER_OPTIONS } from './test-support/examples.js';
import { mutateEvent } from './test-support/json-mutations.js';
import { SeededRandom } from './test-support/seeded-random.js';

const REGENERATE = 'pnpm --filter @loyalty/contracts schemas';
const jsonDirectory = join(SCHEMAS_DIRECTORY, 'json');

// Formats are not checked: the date-time pattern in the schema already says what zod accepts.
const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
const validators = new Map(
  PUBLISHED_EVENT_TYPES.map((type) => [type, ajv.compile(JSON.parse(renderJsonSchema(type)))] as const),
);

function validatesAgainstPublishedSchema(type: EventType, value: unknown): boolean {
  const validate = validators.get(type);
  if (validate === undefined) throw new Error(`no published schema for ${type}`);
  return validate(value);
}

describe('schemas/json', () => {
  it.each(PUBLISHED_EVENT_TYPES)('holds the current JSON Schema of %s', (type) => {
    const path = join(jsonDirectory, jsonSchemaFileName(type));
    const onDisk = readFileSync(path, 'utf8');
    expect(onDisk, `${path} is out of date with the zod schemas; run: ${REGENERATE}`).toBe(
      renderJsonSchema(type),
    );
  });

  it('holds no schema of a type that no longer exists', () => {
    const expected = PUBLISHED_EVENT_TYPES.map(jsonSchemaFileName).sort();
    expect(readdirSync(jsonDirectory).sort(), `stale files in ${jsonDirectory}; run: ${REGENERATE}`).toEqual(
      expected,
    );
  });

  it('publishes every input, output, erasure and state type', () => {
    expect([...PUBLISHED_EVENT_TYPES].sort()).toEqual(
      [...INPUT_EVENT_TYPES, ...OUTPUT_EVENT_TYPES, ...ERASURE_EVENT_TYPES, ...STATE_EVENT_TYPES].sort(),
    );
  });

  it.each([
    ['purchase', { kind: 'return' }],
    ['purchase', { returnOfOrderId: 'ORD-1' }],
    ['purchase', { lines: [] }],
    ['purchase', { currency: 'eur' }],
    ['purchase', { totalMinor: 2 ** 53 }],
    ['complaint', { satisfaction: undefined }],
    ['complaint', { status: 'opened' }],
    ['campaign-response', { response: 'referred' }],
    ['campaign-response', { response: 'clicked' }],
    ['tier-changed', { previousTier: null }],
    ['churn-risk', { score: 1.2 }],
    ['stage-changed', { occurredAt: '2026-03-01T10:02:00' }],
    ['stage-changed', { reason: 'second purchase' }],
    ['tier-changed', { correction: 'yes' }],
    ['churn-risk', { drivers: ['recency'] }],
    ['customer-state', { changes: -1 }],
    ['customer-state', { tier: 'diamond' }],
    ['customer-state', { pyramidLevel: 'diamond' }],
    ['pyramid-level-changed', { newLevel: 'bronze' }],
    ['pyramid-level-changed', { valueMinor: 1.5 }],
    ['pyramid-level-changed', { customers: 0 }],
    ['pyramid-level-changed', { cutoffs: { platinumMinor: 612480, goldMinor: 147930 } }],
  ] as const)('carries the rules: rejects %s with %j', (type, change) => {
    expect(validatesAgainstPublishedSchema(type, exampleWith(type, change))).toBe(false);
  });

  it('agrees with the zod schemas on a thousand mutated input events', () => {
    const random = new SeededRandom(7);
    const disagreements: string[] = [];
    for (let i = 0; i < 1_000; i++) {
      const type = random.pick(INPUT_EVENT_TYPES);
      const event = mutateEvent(random, readExample(type));
      const byZod = INPUT_EVENT_SCHEMAS[type].safeParse(event).success;
      if (byZod !== validatesAgainstPublishedSchema(type, event)) {
        disagreements.push(`${type}: zod ${byZod ? 'accepts' : 'rejects'} ${JSON.stringify(event)}`);
      }
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});

describe('schemas/examples', () => {
  it('holds exactly one example per published type', () => {
    const files = readdirSync(join(SCHEMAS_DIRECTORY, 'examples')).sort();
    expect(files).toEqual(PUBLISHED_EVENT_TYPES.map(exampleFileName).sort());
  });

  it.each(PUBLISHED_EVENT_TYPES)('has a %s example valid against its published JSON Schema', (type) => {
    expect(validatesAgainstPublishedSchema(type, readExample(type))).toBe(true);
  });

  it.each(INPUT_EVENT_TYPES)('has a %s example that the parser accepts unchanged', (type) => {
    const result = parseInputMessage(
      jsonBytes(readExample(type)),
      { topic: TOPIC_BY_INPUT_TYPE[type] },
      TEST_PARSER_OPTIONS,
    );
    expect(result).toEqual({ ok: true, event: readExample(type) });
  });

  it.each(OUTPUT_EVENT_TYPES)('has a %s example that encodes unchanged', (type) => {
    const event = OUTPUT_EVENT_SCHEMAS[type].parse(readExample(type));
    expect(JSON.parse(encodeOutputEvent(event).toString('utf8'))).toEqual(readExample(type));
  });

  it('has a customer-state example that encodes unchanged, with the id of its customer, changes and level', () => {
    const example = readExample('customer-state');
    const event = CustomerStateEventSchema.parse(example);
    expect(JSON.parse(encodeCustomerState(event).toString('utf8'))).toEqual(example);
    const { pyramidLevel: level, pyramidLevelSince: since } = event;
    if (level === null || since === null) throw new Error('the example is to show a pyramid level');
    expect(event.eventId).toBe(
      customerStateEventId(event.customerId, event.changes, Date.parse(event.occurredAt), {
        level,
        since: Date.parse(since),
      }),
    );
  });

  it('has a customer-erased example that the CLI builds unchanged', () => {
    const example = readExample('customer-erased');
    const event = customerErasedEvent(String(example.customerId), Date.parse(String(example.erasedAt)));
    expect(event).toEqual(example);
  });
});
