import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdentifier, quoteString, selectRows } from '../src/index.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';

describe('SQL literals on the real server', () => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase('escaping');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each([
    ['plain'],
    ["it's"],
    ['back\\slash'],
    ["\\'; DROP DATABASE x; --"],
    ['line\nbreak\ttab\r'],
    ['nul\0byte'],
    ['ünïcødé ✓ 😀'],
    [''],
  ])('round-trips %j', async (value) => {
    const rows = await selectRows<{ v: string }>(db.client, `SELECT ${quoteString(value)} AS v`);
    expect(rows).toEqual([{ v: value }]);
  });

  it('accepts plain identifiers only', () => {
    expect(quoteIdentifier('loyalty_1')).toBe('`loyalty_1`');
    for (const bad of ['', '1abc', 'a-b', 'a`b', 'a b', 'db.table']) {
      expect(() => quoteIdentifier(bad)).toThrow(TypeError);
    }
  });
});
