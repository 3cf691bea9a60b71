// What the product's customer profiles in Redis show: tiers, loyalty stages and churn risk.
import type { CustomerValues } from '@loyalty/aggregator';
import { CHURN_LEVELS, type ChurnLevel, STAGES, type Stage, TIERS, type Tier } from '@loyalty/contracts';
import {
  type CustomerState,
  type CustomerStore,
  KeyLayout,
  type RedisConnection,
  scanKeys,
} from '@loyalty/redis-store';

export type ProfileState = CustomerState<CustomerValues>;

/** Customers by their current tier, stage and churn level ("none": not assessed, e.g. never bought). */
export interface ProfileDistribution {
  readonly customers: number;
  readonly tiers: Record<Tier | 'none', number>;
  readonly stages: Record<Stage | 'none', number>;
  readonly churn: Record<ChurnLevel | 'none', number>;
}

const CHUNK = 1_000;

/** Every evaluated customer's stored state under `prefix`, a chunk at a time. */
export async function* customerStates(
  redis: RedisConnection,
  store: CustomerStore<CustomerValues>,
  prefix: string,
): AsyncGenerator<Map<string, ProfileState>> {
  // The layout builds the pattern and so knows where the id sits in a key name.
  const pattern = new KeyLayout(prefix).customer('*');
  const [head = '', tail = ''] = pattern.split('*');
  for await (const keys of scanKeys(redis, pattern, CHUNK)) {
    const states = await store.loadCustomers(
      keys.map((key) => key.slice(head.length, key.length - tail.length)),
    );
    yield new Map([...states].filter(([, state]) => state.evaluation !== undefined));
  }
}

/** Counts customers by tier, stage and churn level. */
export async function profileDistribution(
  states: AsyncIterable<Map<string, ProfileState>>,
): Promise<ProfileDistribution> {
  const zeros = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries([...keys, 'none'].map((k) => [k, 0])) as Record<K | 'none', number>;
  const tiers = zeros(TIERS);
  const stages = zeros(STAGES);
  const churn = zeros(CHURN_LEVELS);
  let customers = 0;
  for await (const chunk of states) {
    for (const state of chunk.values()) {
      const values = state.evaluation?.values;
      customers += 1;
      tiers[values?.tier ?? 'none'] += 1;
      stages[values?.stage ?? 'none'] += 1;
      churn[values?.churn ?? 'none'] += 1;
    }
  }
  return { customers, tiers, stages, churn };
}

/** The first customer found whose current tier is `tier`, with their state. */
export async function findCustomerInTier(
  states: AsyncIterable<Map<string, ProfileState>>,
  tier: Tier,
): Promise<{ customerId: string; state: ProfileState } | undefined> {
  for await (const chunk of states) {
    for (const [customerId, state] of chunk) {
      if (state.evaluation?.values.tier === tier) return { customerId, state };
    }
  }
  return undefined;
}
