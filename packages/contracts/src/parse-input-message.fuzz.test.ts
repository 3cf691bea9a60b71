import { describe, expect, it } from 'vitest';
import { INPUT_EVENT_TYPES, InputEventSchema, TOPIC_BY_INPUT_TYPE } from './input-events.js';
import { type ParseResult, parseInputMessage } from './parse-input-message.js';
import type { ParserOptions } from './parser-options.js';
import { PARSE_REJECTION_REASONS, type ParseRejectionReason } from './rejection.js';
import { EXAMPLES_NOW_MS, readExample, TEST_PARSER_OPTIONS } from './test-support/examples.js';
import { HOSTILE_KEYS, mutateEvent, randomJsonValue } from './test-support/json-mutations.js';
import { SeededRandom } from './test-support/seeded-random.js';
import { ALL_TOPICS } from './topics.js';

const CASES = 20_000;
const SEED = 20_260_301;

interface FuzzCase {
  readonly name: string;
  readonly bytes: Buffer | null;
  readonly topic: string;
  readonly options: ParserOptions;
}

const examples = INPUT_EVENT_TYPES.map((type) => ({ type, event: readExample(type) }));

function serialize(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function randomBytes(random: SeededRandom, length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => random.int(256)));
}

function nested(random: SeededRandom, levels: number, inner: string): string {
  let text = inner;
  for (let i = 0; i < levels; i++) text = random.chance(0.5) ? `[${text}]` : `{"k":${text}}`;
  return text;
}

function isoTime(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  return `${local}${sign}${hours}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
}

/** A well-formed value in a field the later checks look at: currency, event time, total, text. */
function plausibleChange(random: SeededRandom, event: Record<string, unknown>): Record<string, unknown> {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  switch (random.int(4)) {
    case 0:
      return {
        ...event,
        currency: random.chance(0.5)
          ? 'USD'
          : Array.from({ length: 3 }, () => random.pick([...letters])).join(''),
      };
    case 1: {
      const ms = EXAMPLES_NOW_MS + (random.int(2_000_000) - 1_000_000) * 1_000;
      return { ...event, occurredAt: isoTime(ms, random.pick([0, 60, -300, 330, 840, -720])) };
    }
    case 2:
      return { ...event, totalMinor: random.chance(0.5) ? random.int(10_000) : 3048 + random.int(3) - 1 };
    default:
      // Half a surrogate pair: JSON.stringify writes it as the escape "\ud800" or "\udc00".
      return { ...event, source: `${String(event.source)}${random.pick(['\ud800', '\udc00'])}` };
  }
}

/** One message: mostly mutated examples, with every kind of hostile or broken input mixed in. */
function fuzzCase(random: SeededRandom): FuzzCase {
  const example = random.pick(examples);
  const ownTopic = TOPIC_BY_INPUT_TYPE[example.type];
  const topic = random.chance(0.9) ? ownTopic : random.pick([...ALL_TOPICS, 'elsewhere']);
  const options = { ...TEST_PARSER_OPTIONS, maxMessageBytes: random.chance(0.05) ? 256 : 65_536 };
  const valid = serialize(example.event);
  const make = (name: string, bytes: Buffer | null): FuzzCase => ({ name, bytes, topic, options });

  switch (random.int(12)) {
    case 0:
      return make('random bytes', randomBytes(random, random.int(300)));
    case 1:
      return make('truncated example', Buffer.from(valid.slice(0, random.int(valid.length))));
    case 2: {
      const bytes = Buffer.from(valid);
      for (let i = 1 + random.int(3); i > 0; i--) bytes[random.int(bytes.length)] = random.int(256);
      return make('flipped bytes', bytes);
    }
    case 3:
      return make('random JSON', Buffer.from(serialize(randomJsonValue(random, 4))));
    case 4: {
      const inner = valid.replace('{', `{"deep":${nested(random, random.int(200), '1')},`);
      return make(
        'deep nesting',
        Buffer.from(random.chance(0.3) ? nested(random, random.int(60), valid) : inner),
      );
    }
    case 5: {
      const literal = random.pick([
        '1e400',
        '-1e400',
        '9007199254740993',
        '123456789012345678901234567890',
        '-0',
        '1E+2',
      ]);
      return make('huge number', Buffer.from(valid.replace(/\d+(?=[,}])/, literal)));
    }
    case 6: {
      const key = random.pick(HOSTILE_KEYS);
      const payload = `"${key}":{"polluted":true,"type":"purchase","prototype":{"polluted":true}}`;
      return make(
        'hostile keys',
        Buffer.from(valid.replace(/\{/g, () => (random.chance(0.5) ? `{${payload},` : '{'))),
      );
    }
    case 7: {
      const at = random.int(valid.length);
      const junk = random.pick([
        ',',
        '}',
        ']',
        '"',
        ':',
        'NaN',
        'Infinity',
        'undefined',
        '\\',
        '\u2028',
        '\ud800',
      ]);
      return make('injected text', Buffer.from(valid.slice(0, at) + junk + valid.slice(at)));
    }
    case 8:
      return make('empty', random.chance(0.5) ? null : Buffer.alloc(0));
    case 9:
      return make('plausible change', Buffer.from(serialize(plausibleChange(random, example.event))));
    default:
      return make('mutated example', Buffer.from(serialize(mutateEvent(random, example.event))));
  }
}

function hasHostileOwnKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype && !Array.isArray(value)) return true;
  return Object.entries(value).some(
    ([key, child]) => (HOSTILE_KEYS as readonly string[]).includes(key) || hasHostileOwnKey(child),
  );
}

/** What went wrong with one outcome, or undefined when it keeps the parser's promises. */
function brokenPromise(fuzz: FuzzCase, result: ParseResult): string | undefined {
  if (!result.ok) {
    if (!PARSE_REJECTION_REASONS.includes(result.reason)) return `unknown reason ${String(result.reason)}`;
    if (typeof result.message !== 'string' || result.message.length === 0) return 'empty message';
    if (result.message.length > 2_000) return `message of ${result.message.length} chars`;
    return undefined;
  }
  const revalidated = InputEventSchema.safeParse(result.event);
  if (!revalidated.success) return `accepted an invalid event: ${revalidated.error.message}`;
  if (TOPIC_BY_INPUT_TYPE[result.event.type] !== fuzz.topic)
    return `accepted ${result.event.type} on ${fuzz.topic}`;
  if (hasHostileOwnKey(result.event)) return 'hostile key in the event';
  return undefined;
}

describe('parseInputMessage under fuzzing', () => {
  it(`keeps its promises for ${CASES} random and mutated messages`, () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
    const random = new SeededRandom(SEED);
    const outcomes = new Map<ParseRejectionReason | 'ok', number>();
    const broken: string[] = [];

    for (let i = 0; i < CASES; i++) {
      const fuzz = fuzzCase(random);
      let problem: string | undefined;
      try {
        const result = parseInputMessage(fuzz.bytes, { topic: fuzz.topic }, fuzz.options);
        problem = brokenPromise(fuzz, result);
        const outcome = result.ok ? 'ok' : result.reason;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      } catch (error) {
        problem = `threw ${String(error)}`;
      }
      if (problem !== undefined) broken.push(`case ${i} (${fuzz.name}): ${problem}`);
    }

    expect(broken.slice(0, 10)).toEqual([]);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
    expect('polluted' in {}).toBe(false);
    // The generator must reach every outcome, or the run proves less than it claims.
    expect([...outcomes.keys()].sort()).toEqual([...PARSE_REJECTION_REASONS, 'ok'].sort());
    expect(outcomes.get('ok')).toBeGreaterThan(CASES / 20);
  });

  it('replays the same messages from the same seed', () => {
    const names = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 50 }, () => fuzzCase(random).bytes?.toString('base64'));
    };
    expect(names(SEED)).toEqual(names(SEED));
    expect(names(SEED)).not.toEqual(names(SEED + 1));
  });

  it('runs with the wall clock the examples were written against', () => {
    expect(TEST_PARSER_OPTIONS.nowMs).toBe(EXAMPLES_NOW_MS);
  });
});
