// The live half of the demo: one purchase made now by an existing customer, big enough to
// lift them to the top tier, and how long until the product acted on it. The tier change
// is due at the purchase's event time and is emitted once the watermark (wall clock minus
// the allowed lateness) passes it, so the wait is the lateness plus at most one timer sweep.
import type { CustomerValues } from '@loyalty/aggregator';
import { PurchaseEventSchema, type Tier } from '@loyalty/contracts';
import type { CustomerStore, RedisConnection } from '@loyalty/redis-store';
import { CATEGORIES } from '@loyalty/simulator';
import type { Producer } from 'kafkajs';
import { customerStates, findCustomerInTier, type ProfileState } from './customer-profiles.js';
import { pollUntil } from './poll-until.js';

export interface LivePurchase {
  readonly customerId: string;
  readonly purchasedAt: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly tierBefore: Tier | null;
  readonly tierAfter: Tier | null;
  /** From the broker's acknowledgement of the purchase to the new tier in the customer's profile. */
  readonly observedAfterMs: number;
  readonly latenessMs: number;
}

export interface LivePurchaseSettings {
  readonly purchasesTopic: string;
  readonly topTierMinSpendMinor: number;
  readonly currency: string;
  readonly latenessMs: number;
  readonly runId: string;
  readonly guard: () => void;
}

/**
 * Finds a customer below the top tier (the lowest tier first) and has them buy their way to
 * the top; null when every customer is already there.
 */
export async function tryLivePurchase(
  producer: Producer,
  redis: RedisConnection,
  store: CustomerStore<CustomerValues>,
  prefix: string,
  settings: LivePurchaseSettings,
): Promise<LivePurchase | null> {
  for (const tier of ['lead', 'iron', 'gold'] as const) {
    const customer = await findCustomerInTier(customerStates(redis, store, prefix), tier);
    if (customer !== undefined) return buyIntoTopTier(producer, store, customer, settings);
  }
  return null;
}

/** Publishes a purchase that lifts `customer` into the top tier and waits until their profile shows it. */
async function buyIntoTopTier(
  producer: Producer,
  store: CustomerStore<CustomerValues>,
  customer: { customerId: string; state: ProfileState },
  settings: LivePurchaseSettings,
): Promise<LivePurchase> {
  const { customerId, state } = customer;
  const spent = Math.max(0, state.evaluation?.values.qualifyingSpendMinor ?? 0);
  const { category, sku } = mostExpensiveSku();
  const quantity = Math.max(1, Math.ceil((settings.topTierMinSpendMinor - spent) / sku.unitPriceMinor));
  const amountMinor = quantity * sku.unitPriceMinor;
  const purchasedAt = new Date().toISOString();
  const id = `${settings.runId}-live`;
  const event = PurchaseEventSchema.parse({
    type: 'purchase',
    eventId: id,
    customerId,
    occurredAt: purchasedAt,
    source: 'demo-web-shop',
    schemaVersion: 1,
    orderId: id,
    channel: 'ecommerce',
    kind: 'sale',
    currency: settings.currency,
    totalMinor: amountMinor,
    discountMinor: 0,
    lines: [{ sku: sku.sku, category, quantity, unitPriceMinor: sku.unitPriceMinor }],
  });
  await producer.send({
    topic: settings.purchasesTopic,
    acks: -1,
    messages: [{ key: customerId, value: JSON.stringify(event) }],
  });
  const ackedAt = Date.now();
  const tierBefore = state.evaluation?.values.tier ?? null;
  const tierAfter = await pollUntil(
    `the live purchase to change the tier of ${customerId}`,
    async () => {
      const evaluation = (await store.loadCustomers([customerId])).get(customerId)?.evaluation;
      return evaluation !== undefined && evaluation.asOf >= Date.parse(purchasedAt)
        ? evaluation.values.tier
        : undefined;
    },
    { timeoutMs: settings.latenessMs + 30_000, intervalMs: 20, guard: settings.guard },
  );
  return {
    customerId,
    purchasedAt,
    amountMinor,
    currency: settings.currency,
    tierBefore,
    tierAfter,
    observedAfterMs: Date.now() - ackedAt,
    latenessMs: settings.latenessMs,
  };
}

/** The simulator catalogue's dearest article, so the purchase looks like any other. */
function mostExpensiveSku(): { category: string; sku: { sku: string; unitPriceMinor: number } } {
  const all = CATEGORIES.flatMap((c) => c.skus.map((sku) => ({ category: c.name, sku })));
  return all.reduce((a, b) => (b.sku.unitPriceMinor > a.sku.unitPriceMinor ? b : a));
}
