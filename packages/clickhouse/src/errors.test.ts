import { describe, expect, it } from 'vitest';
import {
  ClickHouseRowsRefusedError,
  clickHouseErrorCode,
  clickHouseInsertFailure,
  isRetriableClickHouseError,
  isRowsRefusedError,
  mayBeDuplicateColumnError,
} from './errors.js';

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

  it('recognises a repeated ADD COLUMN by its code on 18.16 and on current servers', () => {
    // As the dev server (18.16) answers ADD COLUMN of a column the table has.
    const old = new Error(
      'Code: 44, e.displayText() = DB::Exception: Cannot add column correction: column with this name already exists, e.what() = DB::Exception',
    );
    const current = Object.assign(
      new Error('Cannot add column `correction`: column with this name already exists'),
      {
        code: '15',
        type: 'DUPLICATE_COLUMN',
      },
    );
    expect([mayBeDuplicateColumnError(old), mayBeDuplicateColumnError(current)]).toEqual([true, true]);
    // The text alone does not count, nor another code.
    expect(mayBeDuplicateColumnError(new Error('column with this name already exists'))).toBe(false);
    expect(
      mayBeDuplicateColumnError(
        new Error("Code: 60, e.displayText() = DB::Exception: Table x.y doesn't exist."),
      ),
    ).toBe(false);
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

  it('tells rows the server refuses from failures of the server or of the statement', () => {
    // As 18.16 answers an insert with a lone surrogate escape in a String column.
    const surrogate = new Error(
      'Code: 25, e.displayText() = DB::Exception: Cannot parse escape sequence: missing second part of surrogate pair: (while read the value of key source), e.what() = DB::Exception\n',
    );
    const refused = clickHouseInsertFailure('purchases', surrogate);
    expect(refused).toBeInstanceOf(ClickHouseRowsRefusedError);
    expect(isRowsRefusedError(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 25, retriable: false, cause: surrogate });
    expect(refused.message).toMatch(/^ClickHouse refused the rows of an insert into purchases: Code: 25,/);
    // A number the column cannot hold, as current servers report it (the client parses the code).
    const current = Object.assign(new Error('Cannot parse input'), {
      code: '27',
      type: 'CANNOT_PARSE_INPUT_ASSERTION_FAILED',
    });
    expect(isRowsRefusedError(clickHouseInsertFailure('purchases', current))).toBe(true);

    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(isRowsRefusedError(clickHouseInsertFailure('purchases', down))).toBe(false);
    expect(clickHouseInsertFailure('purchases', down).retriable).toBe(true);
    const overloaded = new Error('Code: 252, e.displayText() = DB::Exception: Too many parts');
    expect(clickHouseInsertFailure('purchases', overloaded)).toMatchObject({ retriable: true });
    // A bug or a misconfiguration: not the rows' fault, and no retry fixes it.
    for (const text of [
      "Code: 60, e.displayText() = DB::Exception: Table x.purchases doesn't exist.",
      'Code: 16, e.displayText() = DB::Exception: No such column zz in table purchases',
      'Code: 516, e.displayText() = DB::Exception: default: Authentication failed',
    ]) {
      const failure = clickHouseInsertFailure('purchases', new Error(text));
      expect([isRowsRefusedError(failure), failure.retriable]).toEqual([false, false]);
    }
  });
});
