import { describe, expect, it } from 'vitest';
import { addedColumn } from './add-column.js';

describe('addedColumn', () => {
  it('reads the table, column and type of a single ADD COLUMN, after leading comments', () => {
    expect(
      addedColumn(
        '-- why; and more\n/* note */ ALTER TABLE tier_changes ADD COLUMN correction UInt8 DEFAULT 0',
      ),
    ).toEqual({ table: 'tier_changes', column: 'correction', type: 'UInt8' });
    expect(
      addedColumn('alter table `odd table` add column `a\\`b` Nullable(Decimal(10, 2)) AFTER x'),
    ).toEqual({
      table: 'odd table',
      column: 'a`b',
      type: 'Nullable(Decimal(10,2))',
    });
    expect(addedColumn("ALTER TABLE t ADD COLUMN at DateTime('UTC')")).toEqual({
      table: 't',
      column: 'at',
      type: "DateTime('UTC')",
    });
  });

  it('leaves every other statement alone', () => {
    for (const statement of [
      'CREATE TABLE IF NOT EXISTS t (x UInt8) ENGINE = Memory',
      'ALTER TABLE t DROP COLUMN x',
      'ALTER TABLE t ADD COLUMN IF NOT EXISTS x UInt8',
      'ALTER TABLE t ADD COLUMN x UInt8, ADD COLUMN y UInt8',
      'ALTER TABLE t ADD COLUMN x UInt8 DEFAULT 0, DROP COLUMN z',
      'ALTER TABLE t ADD INDEX i x TYPE minmax GRANULARITY 1',
    ]) {
      expect([statement, addedColumn(statement)]).toEqual([statement, undefined]);
    }
  });
});
