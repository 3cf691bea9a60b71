import { parseArgs } from 'node:util';
import { announcedLevel, type CustomerValues, loadRules, readLivePyramid } from '@loyalty/aggregator';
import { erasureEnv, parseEnv, redisEnv } from '@loyalty/config';
import { type ComplaintSummary, customerSummary, evaluate, pyramidLevel, valueBucket } from '@loyalty/core';
import { CustomerStore } from '@loyalty/redis-store';
import { type Command, EXIT, noMoreArguments, UsageError } from '../command.js';
import { withRedis } from '../redis.js';
import { rulesFileEnv } from '../rules-file.js';
import { customerErase, eraseEnv } from './customer-erase.js';
import { livePyramidEnv } from './pyramid.js';

const USAGE = `usage: loyalty customer <id> [--at ISO-8601] [--json]
       loyalty customer erase <id> [--by <operator>] [--json]

Prints one customer's profile from the aggregator's Redis state: tier, stage, churn risk, share
of wallet and value-pyramid level (by the live cut-offs, see \`loyalty pyramid\`) as of --at
(default: now), the pyramid level last announced (at a monthly epoch), the values last emitted,
and the aggregates behind them. The profile of a
customer whose id is "erase" is \`loyalty customer -- erase\`.

  --at    the moment to evaluate (event time), e.g. 2026-03-01T00:00:00Z
  --json  one JSON document instead of text

Reads the REDIS_* variables, LOYALTY_TOPIC_PARTITIONS and LOYALTY_RULES_FILE like the aggregator.

erase: erases the customer (right to be forgotten): their Redis state and timers, their rows in
every ClickHouse table (other customers' references to them are cleared), leaving a tombstone so
that their events up to now are never stored again, an audit row naming them only by a keyed
hash, a customer-erased event on the erasures topic, and a tombstone (a null value) on the
customer-state topic. An unknown id is erased all the same: the tombstones and the event still
matter. Exits 1 if the final check finds the id somewhere.

  --by    who erases, for the audit (default: $USER)
  --json  one JSON document instead of text

Reads the KAFKA_*, REDIS_* and CLICKHOUSE_* variables, LOYALTY_TOPIC_PARTITIONS,
LOYALTY_TOPIC_NAMESPACE and LOYALTY_ERASURE_SECRET.`;

const money = (minor: number | undefined) => (minor === undefined ? '-' : (minor / 100).toFixed(2));
const time = (ms: number | undefined) => (ms === undefined ? '-' : new Date(ms).toISOString());

/** `loyalty customer <id>`: one customer's profile from Redis; `loyalty customer erase <id>`: their erasure. */

export const customerCommand: Command = {
  name: 'customer',
  env: [redisEnv, erasureEnv, rulesFileEnv, livePyramidEnv, eraseEnv],
  summary: "show one customer's tier, stage, churn risk and aggregates, or erase them (customer erase)",
  usage: USAGE,
  async run(args, io) {
    // Only as the first argument: `loyalty customer -- erase` shows the customer "erase".
    if (args[0] === 'erase') return customerErase(args.slice(1), io);
    const { positionals, values } = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { at: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const [customerId, ...extra] = positionals;
    if (customerId === undefined) throw new UsageError('missing customer id');
    noMoreArguments(extra);
    const at = values.at === undefined ? Date.now() : Date.parse(values.at);
    if (Number.isNaN(at))
      throw new UsageError(`--at must be an ISO 8601 time, not ${JSON.stringify(values.at)}`);

    const env = parseEnv(livePyramidEnv, io.env);
    const rules = loadRules(parseEnv(rulesFileEnv, io.env).LOYALTY_RULES_FILE);
    return withRedis(env, async (redis) => {
      const store = new CustomerStore<CustomerValues>(redis, {
        prefix: env.REDIS_KEY_PREFIX,
        maxHistoryEntries: 1,
        erasureSecret: parseEnv(erasureEnv, io.env).LOYALTY_ERASURE_SECRET,
      });
      const state = (await store.loadCustomers([customerId])).get(customerId);
      if (state === undefined || state.history.length === 0) {
        io.stderr(`customer ${JSON.stringify(customerId)} is not known\n`);
        return EXIT.failed;
      }
      const now = evaluate(state.history, at, rules);
      const summary = customerSummary(state.history, at);
      const live = await readLivePyramid(store, env.LOYALTY_TOPIC_PARTITIONS, rules.pyramid);
      const pyramid =
        now.tier === undefined || live.cutoffs === undefined
          ? null
          : {
              level: pyramidLevel(valueBucket(now.tier.qualifyingSpendMinor), live.cutoffs),
              cutoffs: live.cutoffs,
            };
      const announced = await announcedPyramidLevel(store, customerId, env.LOYALTY_TOPIC_PARTITIONS);
      const profile = {
        customerId,
        asOf: new Date(at).toISOString(),
        tier: now.tier ?? null,
        stage: now.stage ?? null,
        churn: now.churn ?? null,
        shareOfWallet: now.wallet ?? null,
        pyramid,
        announcedPyramid:
          announced === undefined
            ? null
            : { level: announced.level, since: new Date(announced.since).toISOString() },
        lastEmitted:
          state.evaluation === undefined
            ? null
            : { asOf: new Date(state.evaluation.asOf).toISOString(), ...state.evaluation.values },
        summary,
      };
      if (values.json) {
        io.stdout(`${JSON.stringify(profile, null, 2)}\n`);
        return EXIT.ok;
      }
      const c = summary.complaints;
      io.stdout(
        [
          `customer     ${customerId} (as of ${profile.asOf})`,
          `tier         ${now.tier?.tier ?? '-'} (qualifying spend ${money(now.tier?.qualifyingSpendMinor)})`,
          `stage        ${now.stage ?? '-'}`,
          `pyramid      ${pyramid === null ? '-' : `${pyramid.level} (live cut-offs over ${live.customers} customers: platinum from ${money(pyramid.cutoffs.values.platinum)}, gold from ${money(pyramid.cutoffs.values.gold)}, iron from ${money(pyramid.cutoffs.values.iron)})`}`,
          `announced    ${profile.announcedPyramid === null ? '-' : `pyramid level ${profile.announcedPyramid.level} since the epoch ${profile.announcedPyramid.since.slice(0, 10)}`}`,
          `churn risk   ${now.churn ? `${now.churn.level} (score ${now.churn.score.toFixed(3)}, P(alive) ${now.churn.pAlive.toFixed(3)}${now.churn.drivers.length > 0 ? `; ${now.churn.drivers.join(', ')}` : ''})` : '-'}`,
          `wallet share ${now.wallet ? `${now.wallet.band} (${now.wallet.share.toFixed(3)}: 365d-window spend ${money(now.wallet.spendMinor)} of an estimated wallet of ${money(now.wallet.walletMinor)})` : '- (no wallet estimate)'}`,
          `purchases    first ${time(summary.firstPurchaseAt)}, last ${time(summary.lastPurchaseAt)}, ${summary.saleOrders} orders on ${summary.purchaseDays} days`,
          `revenue      lifetime net ${money(summary.lifetimeNetRevenueMinor)}, average order ${money(summary.averageOrderValueMinor)}`,
          `net spend    30d ${money(summary.trailing.days30.netSpendMinor)}, 90d ${money(summary.trailing.days90.netSpendMinor)}, 365d ${money(summary.trailing.days365.netSpendMinor)}`,
          `categories   ${summary.categories.join(', ') || '-'}`,
          `complaints   ${complaintsLine(c)}`,
          `campaigns    ${Object.entries(summary.campaignResponses)
            .map(([r, n]) => `${r} ${n}`)
            .join(', ')}${summary.unsubscribed ? ' (unsubscribed)' : ''}`,
          `last emitted ${profile.lastEmitted === null ? '-' : `${profile.lastEmitted.tier ?? '-'} / ${profile.lastEmitted.stage ?? '-'} / ${profile.lastEmitted.churn ?? '-'} / ${profile.lastEmitted.wallet ?? '-'} as of ${profile.lastEmitted.asOf}`}`,
          '',
        ].join('\n'),
      );
      return EXIT.ok;
    });
  },
};

/**
 * The pyramid level last announced to the customer: the aggregator keeps it with the customer's
 * shard, which the CLI does not compute, so it asks each shard (there are a handful).
 */
async function announcedPyramidLevel(
  store: CustomerStore<CustomerValues>,
  customerId: string,
  shardCount: number,
): Promise<ReturnType<typeof announcedLevel>> {
  for (let shard = 0; shard < shardCount; shard++) {
    const level = announcedLevel((await store.epochs.levels(shard, [customerId]))[0]);
    if (level !== undefined) return level;
  }
  return undefined;
}

/** A customer's complaints in words: "none", or counts, the latest opening and the resolutions. */
function complaintsLine(c: ComplaintSummary): string {
  if (c.total === 0) return 'none';
  const parts = [`${c.total} in all, ${c.open} open`];
  if (c.lastOpenedAt !== undefined) parts.push(`last opened ${new Date(c.lastOpenedAt).toISOString()}`);
  if (c.meanHoursToResolve !== undefined)
    parts.push(`resolved in ${c.meanHoursToResolve.toFixed(1)} h on average`);
  if (c.meanSatisfaction !== undefined) parts.push(`mean satisfaction ${c.meanSatisfaction.toFixed(1)} of 5`);
  return parts.join(', ');
}
