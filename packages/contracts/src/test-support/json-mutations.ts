import type { SeededRandom } from './seeded-random.js';

/** Keys that pollute prototypes when code merges parsed JSON carelessly. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const AWKWARD_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 64,
  1e308,
  5e-324,
  3048,
];

const AWKWARD_STRINGS = [
  '',
  ' ',
  'x'.repeat(129),
  'EUR',
  'USD',
  'eur',
  'purchase',
  'complaint',
  'campaign-response',
  'tier-changed',
  'resolved',
  'return',
  'sale',
  'converted',
  'referred',
  '__proto__',
  'constructor',
  '2026-03-01T10:02:00.000+01:00',
  '2099-12-31T23:59:59Z',
  '2026-02-30T10:00:00Z',
  '1970-01-01T00:00:00Z',
  'café ☕',
  '\u0000',
];

/** Sets an own, enumerable property even for `__proto__`, the way JSON.parse does. */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A random JSON value, at most `depth` levels deep, favouring values near the schemas' edges. */
export function randomJsonValue(random: SeededRandom, depth: number): unknown {
  const kind = random.int(depth > 0 ? 8 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(AWKWARD_NUMBERS);
    case 3:
      return random.int(2_000_000) - 1_000_000;
    case 4:
      return random.pick(AWKWARD_STRINGS);
    case 5:
      return randomString(random);
    case 6:
      return Array.from({ length: random.int(4) }, () => randomJsonValue(random, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = random.int(4); i > 0; i--) {
        const key = random.chance(0.3) ? random.pick(HOSTILE_KEYS) : randomString(random);
        defineOwn(object, key, randomJsonValue(random, depth - 1));
      }
      return object;
    }
  }
}

function randomString(random: SeededRandom): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.+ "\\{}[]';
  let text = '';
  for (let i = random.int(20); i > 0; i--) text += alphabet[random.int(alphabet.length)];
  return text;
}

/** A container inside value (value itself included), chosen at random along one path. */
function randomContainer(
  random: SeededRandom,
  value: Record<string, unknown>,
): Record<string, unknown> | unknown[] {
  let container: Record<string, unknown> | unknown[] = value;
  while (random.chance(0.4)) {
    const children = Object.values(container).filter((child) => typeof child === 'object' && child !== null);
    if (children.length === 0) break;
    container = random.pick(children) as Record<string, unknown> | unknown[];
  }
  return container;
}

/** A deep copy of a JSON event with one to three random changes: fields removed, replaced or added. */
export function mutateEvent(random: SeededRandom, event: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(event);
  for (let changes = 1 + random.int(3); changes > 0; changes--) {
    const container = randomContainer(random, copy);
    if (Array.isArray(container)) {
      if (random.chance(0.5)) container.pop();
      else container.push(randomJsonValue(random, 2));
      continue;
    }
    const keys = Object.keys(container);
    const operation = random.int(3);
    if (operation === 0 && keys.length > 0) {
      delete container[random.pick(keys)];
    } else if (operation === 1 && keys.length > 0) {
      defineOwn(container, random.pick(keys), randomJsonValue(random, 2));
    } else {
      const key = random.chance(0.5) ? random.pick(HOSTILE_KEYS) : randomString(random);
      defineOwn(container, key, randomJsonValue(random, 3));
    }
  }
  return copy;
}
