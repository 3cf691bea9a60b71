import { fitsDateTime, toClickHouseDateTime } from '@loyalty/clickhouse';

/** The DateTime text of an ISO 8601 event time, or undefined when DateTime cannot hold it (before 1970, after 2106). */
export function eventDateTime(occurredAt: string): string | undefined {
  const ms = Date.parse(occurredAt);
  return fitsDateTime(ms) ? toClickHouseDateTime(ms) : undefined;
}

/** The DateTime text of a Kafka timestamp in milliseconds; 1970-01-01 00:00:00 when it has none (-1). */
export function kafkaDateTime(epochMs: number): string {
  return toClickHouseDateTime(fitsDateTime(epochMs) ? epochMs : 0);
}
