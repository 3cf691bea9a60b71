import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, type ParseResult, parseInputMessage } from './parse-input-message.js';
import type { ParseRejectionReason } from './rejection.js';
import {
  EXAMPLES_NOW_MS,
  exampleWith,
  type JsonObject,
  jsonBytes,
  readExample,
  TEST_PARSER_OPTIONS,
} from './test-support/examples.js';
import { TOPICS } from './topics.js';

const purchases = { topic: TOPICS.purchases };

function parsePurchase(value: unknown, options = TEST_PARSER_OPTIONS): ParseResult {
  return parseInputMessage(jsonBytes(value), purchases, options);
}

function expectRejection(result: ParseResult, reason: ParseRejectionReason, message: RegExp): void {
  expect(result.ok ? 'accepted' : result.reason).toBe(reason);
  expect(result.ok ? '' : result.message).toMatch(message);
}

describe('parseInputMessage accepts', () => {
  it.each([
    ['purchase', TOPICS.purchases],
    ['complaint', TOPICS.complaints],
    ['campaign-response', TOPICS.campaignResponses],
  ] as const)('the %s example on its topic', (type, topic) => {
    const result = parseInputMessage(jsonBytes(readExample(type)), { topic }, TEST_PARSER_OPTIONS);
    expect(result).toEqual({ ok: true, event: readExample(type) });
  });

  it('a return whose lines match its total', () => {
    const result = parsePurchase(exampleWith('purchase', { kind: 'return', returnOfOrderId: 'ORD-1' }));
    expect(result.ok && result.event.type === 'purchase' && result.event.kind).toBe('return');
  });

  it('text beyond ASCII', () => {
    const event = exampleWith('purchase', { storeId: 'magasin-Besançon-😀' });
    const result = parsePurchase(event);
    expect(result.ok && result.event.type === 'purchase' && result.event.storeId).toBe('magasin-Besançon-😀');
  });

  it('unknown fields, and drops them', () => {
    const result = parsePurchase(exampleWith('purchase', { loyaltyCardId: 'LC-1' }));
    expect(result.ok && Object.keys(result.event)).not.toContain('loyaltyCardId');
    expect(result.ok).toBe(true);
  });

  it('input topics under substituted names', () => {
    const options = {
      ...TEST_PARSER_OPTIONS,
      inputTopics: {
        purchases: 'p-test',
        complaints: 'c-test',
        campaignResponses: 'r-test',
        walletEstimates: 'w-test',
      },
    };
    const bytes = jsonBytes(readExample('complaint'));
    expect(parseInputMessage(bytes, { topic: 'c-test' }, options).ok).toBe(true);
    expectRejection(
      parseInputMessage(bytes, { topic: TOPICS.complaints }, options),
      'unknown_type',
      /c-test|input/,
    );
  });
});

describe('parseInputMessage rejects', () => {
  it('a null or empty value as empty_message', () => {
    expectRejection(
      parseInputMessage(null, purchases, TEST_PARSER_OPTIONS),
      'empty_message',
      /null or empty/,
    );
    expectRejection(
      parseInputMessage(Buffer.alloc(0), purchases, TEST_PARSER_OPTIONS),
      'empty_message',
      /empty/,
    );
  });

  it('a message over the byte limit as too_large, and accepts one at the limit', () => {
    const text = JSON.stringify(readExample('purchase'));
    const atLimit = Buffer.from(text.padEnd(2000, ' '));
    const options = { ...TEST_PARSER_OPTIONS, maxMessageBytes: 2000 };
    expect(parseInputMessage(atLimit, purchases, options).ok).toBe(true);
    const over = Buffer.from(text.padEnd(2001, ' '));
    expectRejection(
      parseInputMessage(over, purchases, options),
      'too_large',
      /2001 bytes; the limit is 2000/,
    );
  });

  it('checks the size before decoding', () => {
    const invalidUtf8 = Buffer.alloc(100, 0xff);
    const options = { ...TEST_PARSER_OPTIONS, maxMessageBytes: 99 };
    expectRejection(parseInputMessage(invalidUtf8, purchases, options), 'too_large', /100 bytes/);
  });

  it.each([
    ['a stray continuation byte', [0x7b, 0x80, 0x7d]],
    ['an overlong encoding', [0x22, 0xc0, 0xaf, 0x22]],
    ['an encoded surrogate', [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ['a truncated sequence', [0x22, 0xe2, 0x82]],
  ])('invalid UTF-8 (%s) as invalid_json', (_name, bytes) => {
    const result = parseInputMessage(Buffer.from(bytes), purchases, TEST_PARSER_OPTIONS);
    expectRejection(result, 'invalid_json', /^message is not valid UTF-8$/);
  });

  it.each([
    ['text', 'hello'],
    ['truncated JSON', '{"type":"purchase","eventId":'],
    ['NaN', '{"type":"purchase","totalMinor":NaN}'],
    ['Infinity', '{"type":"purchase","totalMinor":Infinity}'],
    ['a trailing comma', '{"type":"purchase",}'],
    ['single quotes', "{'type':'purchase'}"],
    ['whitespace only', '   '],
  ])('%s as invalid_json', (_name, text) => {
    const result = parseInputMessage(Buffer.from(text), purchases, TEST_PARSER_OPTIONS);
    expectRejection(result, 'invalid_json', /^invalid JSON: ./);
  });

  it.each([
    ['an array', '[1,2]', /received array/],
    ['null', 'null', /received null/],
    ['a number', '42', /received number/],
    ['a string', '"purchase"', /received string/],
  ])('%s at the top level as schema_violation', (_name, text, message) => {
    expectRejection(
      parseInputMessage(Buffer.from(text), purchases, TEST_PARSER_OPTIONS),
      'schema_violation',
      message,
    );
  });

  it('a schema violation, listing every failing path', () => {
    const event = exampleWith('purchase', { currency: 'eur', channel: 'kiosk' });
    (event.lines as JsonObject[])[1] = { sku: 'S', category: 'c', quantity: 0, unitPriceMinor: 1 };
    const result = parsePurchase(event);
    expectRejection(result, 'schema_violation', /^channel: .*; currency: .*; lines\[1\]\.quantity: /);
  });

  it.each([
    ['beyond Number.MAX_SAFE_INTEGER', '9007199254740993'],
    ['so large it parses as Infinity', '1e400'],
    ['negative', '-3048'],
    ['fractional', '30.48'],
  ])('a totalMinor %s as schema_violation', (_name, literal) => {
    const text = JSON.stringify(readExample('purchase')).replace(
      '"totalMinor":3048',
      `"totalMinor":${literal}`,
    );
    const result = parseInputMessage(Buffer.from(text), purchases, TEST_PARSER_OPTIONS);
    expectRejection(result, 'schema_violation', /^totalMinor: /);
  });

  it(`nesting deeper than ${MAX_JSON_DEPTH} levels as schema_violation, and accepts ${MAX_JSON_DEPTH}`, () => {
    const nest = (levels: number) => `${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}`;
    const withExtra = (levels: number) =>
      Buffer.from(JSON.stringify(readExample('purchase')).replace('{', `{"extra":${nest(levels)},`));
    expect(parseInputMessage(withExtra(MAX_JSON_DEPTH), purchases, TEST_PARSER_OPTIONS).ok).toBe(true);
    const result = parseInputMessage(withExtra(MAX_JSON_DEPTH + 1), purchases, TEST_PARSER_OPTIONS);
    expectRejection(result, 'schema_violation', /deeper than 32 levels/);
  });

  it('a hundred thousand levels of nesting without overflowing the stack', () => {
    const text = `{"type":"purchase","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const options = { ...TEST_PARSER_OPTIONS, maxMessageBytes: 1_000_000 };
    expectRejection(parseInputMessage(Buffer.from(text), purchases, options), 'schema_violation', /deeper/);
  });

  it.each([
    ['a missing type', { type: undefined }, /^missing "type" field$/],
    ['a numeric type', { type: 7 }, /"type" must be a string, received number/],
    ['a null type', { type: null }, /"type" must be a string, received null/],
    ['an unknown type', { type: 'refund' }, /unknown type "refund"; known types: purchase, complaint/],
    ['an inherited name as type', { type: 'constructor' }, /unknown type "constructor"/],
    ['__proto__ as type', { type: '__proto__' }, /unknown type "__proto__"/],
    ['an output type', { type: 'tier-changed' }, /unknown type "tier-changed"/],
  ])('%s as unknown_type', (_name, change, message) => {
    expectRejection(parsePurchase(exampleWith('purchase', change)), 'unknown_type', message);
  });

  it('a long unknown type, quoting only its start', () => {
    const result = parsePurchase(exampleWith('purchase', { type: 'x'.repeat(10_000) }));
    expect(result.ok ? 0 : result.message.length).toBeLessThan(200);
  });

  it('a known type on another input topic as unknown_type', () => {
    const result = parseInputMessage(jsonBytes(readExample('complaint')), purchases, TEST_PARSER_OPTIONS);
    expectRejection(
      result,
      'unknown_type',
      /^type "complaint" does not belong on topic "loyalty.purchases.v1", which carries "purchase"$/,
    );
  });

  it('any input on a topic that is not an input topic as unknown_type', () => {
    const bytes = jsonBytes(readExample('purchase'));
    const result = parseInputMessage(bytes, { topic: TOPICS.tierChanges }, TEST_PARSER_OPTIONS);
    expectRejection(result, 'unknown_type', /"loyalty.tier-changes.v1" is not an input topic/);
  });

  it('a lone UTF-16 surrogate in any text field as invalid_text, naming the field', () => {
    // The bytes are valid UTF-8: the JSON escape is what makes half a surrogate pair.
    const source = Buffer.from(JSON.stringify(exampleWith('purchase', { source: 'till\ud800' })));
    expect(source.toString('utf8')).toContain('till\\ud800');
    expectRejection(parseInputMessage(source, purchases, TEST_PARSER_OPTIONS), 'invalid_text', /^source: /);
    const purchase = readExample('purchase') as JsonObject;
    const lines = (purchase.lines as JsonObject[]).map((line, i) =>
      i === 0 ? { ...line, category: '\udc00music' } : line,
    );
    expectRejection(parsePurchase({ ...purchase, lines }), 'invalid_text', /^lines\.0\.category: /);
    // A whole pair is one character, and fine.
    expect(parsePurchase(exampleWith('purchase', { source: 'till \ud83d\ude00' })).ok).toBe(true);
  });

  it('a purchase in another currency as currency_mismatch', () => {
    const usd = exampleWith('purchase', { currency: 'USD' });
    expectRejection(parsePurchase(usd), 'currency_mismatch', /^currency USD is not the base currency EUR$/);
    expect(parsePurchase(usd, { ...TEST_PARSER_OPTIONS, baseCurrency: 'USD' }).ok).toBe(true);
  });

  it('a wallet estimate in another currency as currency_mismatch, and one of 0 as schema_violation', () => {
    const parseEstimate = (event: unknown) =>
      parseInputMessage(jsonBytes(event), { topic: TOPICS.walletEstimates }, TEST_PARSER_OPTIONS);
    expect(parseEstimate(readExample('wallet-estimate')).ok).toBe(true);
    expectRejection(
      parseEstimate(exampleWith('wallet-estimate', { currency: 'GBP' })),
      'currency_mismatch',
      /^currency GBP is not the base currency EUR$/,
    );
    expectRejection(
      parseEstimate(exampleWith('wallet-estimate', { walletMinor: 0 })),
      'schema_violation',
      /walletMinor/,
    );
  });

  it('a total that does not match the lines as lines_total_mismatch', () => {
    const result = parsePurchase(exampleWith('purchase', { totalMinor: 3248 }));
    expectRejection(
      result,
      'lines_total_mismatch',
      /^totalMinor 3248 is not sum\(quantity x unitPriceMinor\) - discountMinor = 3048$/,
    );
  });

  it('a total that ignores the discount as lines_total_mismatch', () => {
    expect(parsePurchase(exampleWith('purchase', { discountMinor: 0 })).ok).toBe(false);
    expect(parsePurchase(exampleWith('purchase', { discountMinor: 0, totalMinor: 3248 })).ok).toBe(true);
  });

  it('an event beyond the allowed clock skew as future_timestamp, and accepts one at the limit', () => {
    const occurredAtMs = Date.parse('2026-03-01T10:02:00.000+01:00');
    const atLimit = { ...TEST_PARSER_OPTIONS, nowMs: occurredAtMs - 300_000 };
    expect(parsePurchase(readExample('purchase'), atLimit).ok).toBe(true);
    const result = parsePurchase(readExample('purchase'), { ...atLimit, nowMs: atLimit.nowMs - 1 });
    expectRejection(result, 'future_timestamp', /is 300001 ms ahead of now; at most 300000 ms is allowed$/);
  });

  it('any input type from the future, not only purchases', () => {
    const options = { ...TEST_PARSER_OPTIONS, nowMs: Date.parse('2026-01-01T00:00:00Z') };
    const result = parseInputMessage(
      jsonBytes(readExample('complaint')),
      { topic: TOPICS.complaints },
      options,
    );
    expectRejection(result, 'future_timestamp', /ahead of now/);
    expect(EXAMPLES_NOW_MS).toBeGreaterThan(options.nowMs);
  });
});

describe('parseInputMessage and hostile keys', () => {
  const hostile =
    '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":{}';

  it('leaves Object.prototype alone and keeps the keys out of the event', () => {
    const text = JSON.stringify(readExample('purchase'))
      .replace('{', `{${hostile},`)
      .replace('{"sku"', `{${hostile},"sku"`);
    const result = parseInputMessage(Buffer.from(text), purchases, TEST_PARSER_OPTIONS);
    expect(result.ok).toBe(true);
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
    expect('polluted' in {}).toBe(false);
    if (!result.ok || result.event.type !== 'purchase') return;
    const objects: object[] = [result.event, ...result.event.lines];
    for (const value of objects) {
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(
        Object.keys(value).filter((key) => ['__proto__', 'constructor', 'prototype'].includes(key)),
      ).toEqual([]);
    }
  });

  it('does not read an inherited type', () => {
    const text = '{"__proto__":{"type":"purchase"}}';
    expectRejection(
      parseInputMessage(Buffer.from(text), purchases, TEST_PARSER_OPTIONS),
      'unknown_type',
      /missing/,
    );
  });
});
