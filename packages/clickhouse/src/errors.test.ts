import { describe, expect, it } from 'vitest';
import { clickHouseErrorCode, isRetriableClickHouseError } from './errors.js';

describe('ClickHouse error classification', () => {
  it('reads the code of 18.16 and of current servers', () => {
    const old = new Error(
      "Code: 60, e.displayText() = DB::Exception: Table x.y doesn't exist., e.what() = DB::Exception",
    );
    const current = Object.assign(new Error('Table x.y does not exist.'), {
      code: '60',
      type: 'UNKNOWN_TABLE',
    });
    expect(clickHouseErrorCode(old)).toBe(60);
    expect(clickHouseErrorCode(current)).toBe(60);
    expect(
      clickHouseErrorCode(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(undefined);
  });

  it('retries what can pass later, not what will fail the same way', () => {
    expect(
      isRetriableClickHouseError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isRetriableClickHouseError(new Error('Timeout error.'))).toBe(true);
    expect(
      isRetriableClickHouseError(new Error('Code: 252, e.displayText() = DB::Exception: Too many parts')),
    ).toBe(true);
    expect(
      isRetriableClickHouseError(new Error('Code: 27, e.displayText() = DB::Exception: Cannot parse input')),
    ).toBe(false);
    expect(isRetriableClickHouseError(new TypeError('x is undefined'))).toBe(false);
  });
});
