// `npm run demo` keeps its promise: on a small simulated year it shows every tier, tier
// changes both ways, churn-risk changes, every dead letter with its reason, the analysts'
// reports, and a live purchase acted on; and it leaves nothing behind.
import { connectKafka } from '@loyalty/testkit/servers';
import { describe, expect, it } from 'vitest';
import { DemoOptionsSchema } from '../demo/demo-options.js';
import { silentReporter } from '../demo/progress.js';
import { runDemo } from '../demo/run-demo.js';

describe('the demo', () => {
  it('shows what the pipeline made of a simulated year, then removes its data', {
    timeout: 120_000,
  }, async () => {
    const options = DemoOptionsSchema.parse({ customers: 300, months: 12, seed: 42 });
    const summary = await runDemo(options, silentReporter);

    // The live purchase lifts one customer to platinum; the simulated traffic must have made others.
    const { tiers } = summary.profiles;
    const liveTopTier = summary.live?.tierAfter === 'platinum' ? 1 : 0;
    expect(tiers.lead).toBeGreaterThan(0);
    expect(tiers.iron).toBeGreaterThan(0);
    expect(tiers.gold).toBeGreaterThan(0);
    expect(tiers.platinum).toBeGreaterThan(liveTopTier);

    const { tierChanges, churnChanges, deadLetters } = summary.outputs;
    expect(tierChanges.latestUpgrades.length).toBeGreaterThan(0);
    expect(tierChanges.latestDowngrades.length).toBeGreaterThan(0);
    expect(tierChanges.latestDowngrades.every((c) => c.direction === 'downgrade')).toBe(true);
    expect(churnChanges.latest.length).toBeGreaterThan(0);
    expect(Object.keys(churnChanges.byTransition).some((key) => !key.startsWith('none->'))).toBe(true);

    // Every malformed message the simulator sent landed in ClickHouse with the reason it was built to trigger.
    expect(summary.workload.byKind.malformed).toBeGreaterThan(0);
    expect(deadLetters.byReason).toEqual(summary.workload.byDefect);

    expect(summary.live).toMatchObject({ tierAfter: 'platinum' });

    const { pareto, rfmSegments, basketPairs } = summary.reports;
    expect(pareto.customers).toBeGreaterThan(0);
    expect(pareto.top20Share).toBeGreaterThan(0.2);
    expect(rfmSegments.length).toBeGreaterThan(0);
    expect(basketPairs.length).toBeGreaterThan(0);

    const kafka = await connectKafka();
    const admin = kafka.admin();
    await admin.connect();
    const leftOver = (await admin.listTopics()).filter((topic) =>
      topic.startsWith(summary.run.topicNamespace),
    );
    await admin.disconnect();
    expect(leftOver).toEqual([]);
  });
});
