// Measures the sink's insert rate: EVENTS purchases (about 3.6 rows each: the purchase and
// its lines) produced to fresh topics first, then read and written by a sink with the
// default flush settings; prints rows/s. Not a test: run it with
//   pnpm exec tsx services/history-sink/test/insert-rate.ts [events]
import { createClickHouseClient } from '@loyalty/clickhouse';
import { waitFor } from '@loyalty/testkit';
import { connectKafka } from '@loyalty/testkit/servers';
import { linesOf, messageOf, purchase } from './events.js';
import { dedupedCounts, freshSinkSetup, testSink } from './sink-harness.js';

const EVENTS = Number(process.argv[2] ?? 100_000);
const PRODUCE_CHUNK = 5_000;

const kafka = await connectKafka();
// The defaults of the service, not the tests' short flush interval.
const { config, topics, cleanup } = await freshSinkSetup(kafka, {
  SINK_FLUSH_MS: '1000',
  LOYALTY_TOPIC_PARTITIONS: '3',
});
try {
  const producer = kafka.producer();
  await producer.connect();
  const producing = Date.now();
  for (let from = 0; from < EVENTS; from += PRODUCE_CHUNK) {
    const chunk = Array.from({ length: Math.min(PRODUCE_CHUNK, EVENTS - from) }, (_, i) =>
      messageOf(purchase(from + i)),
    );
    await producer.send({ topic: topics.purchases, messages: chunk, acks: -1 });
  }
  await producer.disconnect();
  const rows = EVENTS + Array.from({ length: EVENTS }, (_, i) => linesOf(i)).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `produced ${EVENTS} purchases in ${Date.now() - producing} ms; ${rows} rows expected\n`,
  );

  const sink = testSink(config, kafka);
  const started = Date.now();
  await sink.start();
  await waitFor('every row written', () => (sink.stats().rowsWritten >= rows ? true : undefined), {
    timeoutMs: 600_000,
    intervalMs: 20,
  });
  const seconds = (Date.now() - started) / 1000;
  await sink.stop();
  const client = createClickHouseClient(config.clickhouse, config.clickhouse.CLICKHOUSE_DATABASE);
  const counts = await dedupedCounts(client);
  await client.close();
  process.stdout.write(
    `wrote ${rows} rows (${EVENTS} events) in ${seconds.toFixed(2)} s: ` +
      `${Math.round(rows / seconds)} rows/s, ${Math.round(EVENTS / seconds)} events/s ` +
      `(after dedup: purchases ${counts.purchases}, purchase_lines ${counts.purchase_lines})\n`,
  );
} finally {
  await cleanup();
}
