import type { ErasureSummary } from './erase-customer.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The erasure as the operator reads it: what was removed where, the check, the tombstone, the audit and the event. */
export function erasureText(s: ErasureSummary): string {
  const id = JSON.stringify(s.customerId);
  const deleted = s.clickhouse.tables
    .filter((t) => t.rowsDeleted > 0)
    .map((t) => `${t.table} ${t.rowsDeleted}`);
  const cleared = s.clickhouse.tables
    .filter((t) => t.valuesCleared > 0)
    .map((t) => `${t.table} ${t.valuesCleared}`);
  const remaining = s.redis.remaining + s.clickhouse.remaining;
  return [
    s.found
      ? `Erased customer ${id} at ${s.erasedAt} (by ${s.erasedBy}).`
      : `Nothing was stored for customer ${id}; erased all the same at ${s.erasedAt} (by ${s.erasedBy}).`,
    `  redis       ${plural(s.redis.keysDeleted, 'key')} deleted, ${plural(s.redis.timersRemoved, 'timer')} removed`,
    `  clickhouse  ${plural(s.clickhouse.rowsDeleted, 'row')} deleted${deleted.length > 0 ? ` (${deleted.join(', ')})` : ''}, ` +
      `${plural(s.clickhouse.valuesCleared, 'reference')} by other customers cleared${cleared.length > 0 ? ` (${cleared.join(', ')})` : ''}`,
    remaining === 0
      ? '  checked     no key, timer or row holds the id any more'
      : `  checked     ${plural(s.redis.remaining, 'key or timer', 'keys or timers')} and ${plural(s.clickhouse.remaining, 'row')} ` +
        'still hold the id (written while the erasure ran): run the command again',
    `  tombstone   events of the customer up to ${s.erasedAt} are dropped from now on; later ones start a new profile`,
    `  audit       table erasures, subject ${s.subject}, steps started and completed`,
    `  published   customer-erased ${s.published.eventId} on ${s.published.topic}, ` +
      `and a tombstone of the customer's state on ${s.published.stateTopic}`,
    '',
  ].join('\n');
}
