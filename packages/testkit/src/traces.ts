// Where a string (a customer id) still appears on a server, for the erasure tests: an
// independent check, so a column or key the erasure forgot is found rather than trusted.
import type { ClickHouseClient } from '@clickhouse/client';
import { Cluster, type Redis } from 'ioredis';

// Needles are spliced into SQL and patterns as they are; tests use plain generated ids.
const PLAIN = /^[A-Za-z0-9_.:-]+$/;

function assertPlain(needle: string): void {
  if (!PLAIN.test(needle))
    throw new TypeError(`trace needles must match ${PLAIN}: ${JSON.stringify(needle)}`);
}

async function keyContents(redis: Redis, key: string): Promise<string[]> {
  switch (await redis.type(key)) {
    case 'string':
      return [(await redis.get(key)) ?? ''];
    case 'hash':
      return Object.entries(await redis.hgetall(key)).flat();
    case 'zset':
      return redis.zrange(key, 0, -1);
    case 'set':
      return redis.smembers(key);
    case 'list':
      return redis.lrange(key, 0, -1);
    default:
      return [];
  }
}

/**
 * Every key matching `pattern` whose name, field, member or value contains `needle`, as "key: where".
 * SCAN sees one server's keys: on a Cluster every master is scanned, and each key read where it lives.
 */
export async function redisTraces(
  redis: Redis | Cluster,
  pattern: string,
  needle: string,
): Promise<string[]> {
  assertPlain(needle);
  const found: string[] = [];
  if (redis instanceof Cluster) await redis.ping(); // the masters are known once it is connected
  for (const node of redis instanceof Cluster ? redis.nodes('master') : [redis]) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        if (key.includes(needle)) found.push(`${key}: name`);
        else if ((await keyContents(node, key)).some((value) => value.includes(needle))) {
          found.push(`${key}: contents`);
        }
      }
    } while (cursor !== '0');
  }
  return found;
}

/**
 * Every text column (String, Nullable(String), Array(String)) of every table in the client's
 * database with rows containing `needle`, as "table.column: n rows".
 */
export async function clickhouseTraces(client: ClickHouseClient, needle: string): Promise<string[]> {
  assertPlain(needle);
  const columns = await (
    await client.query({
      query: `SELECT table, name, type FROM system.columns
              WHERE database = currentDatabase() AND type IN ('String', 'Nullable(String)', 'Array(String)')`,
      format: 'JSONEachRow',
    })
  ).json<{ table: string; name: string; type: string }>();
  const found: string[] = [];
  for (const { table, name, type } of columns) {
    const text = type === 'Array(String)' ? `arrayStringConcat(\`${name}\`, '\\n')` : `\`${name}\``;
    const [row] = await (
      await client.query({
        query: `SELECT count() AS n FROM \`${table}\` WHERE position(${text}, '${needle}') > 0`,
        format: 'JSONEachRow',
      })
    ).json<{ n: string }>();
    if (Number(row?.n ?? 0) > 0) found.push(`${table}.${name}: ${row?.n} rows`);
  }
  return found;
}
