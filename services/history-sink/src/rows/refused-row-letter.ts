import type { DeadLetterRow } from '@loyalty/clickhouse';
import { MAX_DEAD_LETTER_MESSAGE_CHARS, toWellFormedText } from '@loyalty/contracts';
import type { RefusedRow } from '../table-insert.js';
import { deadLetterRows } from './dead-letter-rows.js';
import type { RowSource } from './row-source.js';

/** The dead-letter reason of a message one of whose rows ClickHouse refused. */
export const STORE_REFUSED = 'store_refused';

// ClickHouse quotes the input that follows the point where parsing failed ("expected , before:
// <the rest of the row>"). That is the message's data: it stays in raw_payload, where erasure
// finds it, and out of the error text, which erasure does not search.
const QUOTED_INPUT = /before: [\s\S]*?(?=: \(at row|, e\.what\(\)|$)/g;

// 18.16 wraps its message as "Code: 25, e.displayText() = DB::Exception: <message>, e.what() =
// DB::Exception"; the code is said apart.
const WRAPPING = /^Code: \d+, e\.displayText\(\) = (?:DB::Exception: )?|, e\.what\(\) = [\w:]+$/g;

/** Why ClickHouse refused the row, fit for the dead letter: the code and the server's message without the input it quotes. */
export function refusalText(refused: RefusedRow<RowSource>): string {
  const { code, detail } = refused.error;
  const text = detail.replace(WRAPPING, '').replace(QUOTED_INPUT, 'before: (input left out)');
  return `ClickHouse refused the ${refused.table} row of this message (code ${code}): ${text}`.slice(
    0,
    MAX_DEAD_LETTER_MESSAGE_CHARS,
  );
}

/**
 * The dead letter that stands in for a row ClickHouse refused, reason store_refused, naming its
 * message (topic, partition, offset, timestamp, key) and keeping its bytes. The first attempt
 * keeps them as any dead letter does (UTF-8 text when they are UTF-8); if that is refused too,
 * the second keeps the bytes as base64 and every text field well-formed (a lone surrogate
 * becomes U+FFFD), which ClickHouse takes; after that there is nothing safer (undefined).
 */
export function refusedRowLetter(
  refused: RefusedRow<RowSource>,
  rejectedAtMs: number,
): DeadLetterRow | undefined {
  const { topic, partition, message } = refused.source;
  const [letter] =
    deadLetterRows(
      {
        reason: STORE_REFUSED,
        message: refusalText(refused),
        source: { topic, partition, offset: message.offset, timestampMs: Number(message.timestamp) },
        rejectedAtMs,
      },
      message,
    ).dead_letters ?? [];
  if (letter === undefined) throw new TypeError('deadLetterRows built no dead_letters row');
  if (refused.attempt === 1) return letter;
  if (refused.attempt > 2) return undefined;
  const safe = Object.fromEntries(
    Object.entries(letter).map(([column, value]) => [
      column,
      typeof value === 'string' ? toWellFormedText(value) : value,
    ]),
  ) as unknown as DeadLetterRow;
  return {
    ...safe,
    raw_payload: message.value === null ? '' : message.value.toString('base64'),
    payload_encoding: 'base64',
  };
}
