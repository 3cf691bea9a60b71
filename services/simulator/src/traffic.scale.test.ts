import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { generateTraffic } from './traffic.js';

// Exposes the garbage collector to this test, so that it measures what the generator
// retains rather than what the collector has not yet reclaimed.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const CUSTOMERS = 100_000;
/** What 100,000 customers may hold at once: their traits and pending steps, not their events. */
const MAX_RETAINED_BYTES = 200 * 1024 * 1024;

it('streams 100,000 customers (~1,000,000 events) in bounded memory', () => {
  collectGarbage();
  const baseline = process.memoryUsage().heapUsed;
  let count = 0;
  let bytes = 0;
  let retained = 0;
  for (const message of generateTraffic({
    seed: 1,
    customers: CUSTOMERS,
    malformedShare: 0.01,
    duplicateShare: 0.005,
  })) {
    count += 1;
    bytes += message.value.length;
    if (count % 250_000 === 0) {
      collectGarbage();
      retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
    }
  }
  console.log(
    `generated ${count} messages (${Math.round(bytes / 1e6)} MB) for ${CUSTOMERS} customers, ` +
      `at most ${Math.round(retained / 1e6)} MB retained`,
  );
  expect(count).toBeGreaterThan(700_000);
  expect(count).toBeLessThan(1_500_000);
  expect(retained).toBeLessThan(MAX_RETAINED_BYTES);
}, 120_000);
