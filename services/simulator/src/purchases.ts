import type { PurchaseEvent, PurchaseLine } from '@loyalty/contracts';
import { buildBasket, grossMinor } from './basket.js';
import { scheduleWinBack } from './campaigns.js';
import { CATEGORY_BY_NAME } from './catalogue.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, offsetMinutesAt, type TimeZone, UTC } from './clock.js';
import { openComplaint } from './complaints.js';
import { type Customer, MODEL, PURCHASE_CHANNELS_BY_USE, type PurchaseChannel } from './customer-model.js';
import { exponential, logNormal, weightedPick } from './distributions.js';
import { envelope, type Simulation } from './simulation.js';

/** What a later return needs to know of the sale it reverses. */
export interface OrderMemo {
  readonly orderId: string;
  readonly channel: PurchaseChannel;
  readonly saleGrossMinor: number;
  readonly saleDiscountMinor: number;
  /** The lines coming back, with the quantities returned. */
  readonly returned: readonly PurchaseLine[];
}

const SOURCE: Readonly<Record<PurchaseChannel, string>> = {
  pos: 'pos-tills',
  ecommerce: 'webshop',
  app: 'mobile-app',
  phone: 'call-center',
};

const PREFERRED_CHANNEL_SHARE = 0.75;
const DISCOUNT_SHARE = 0.15;
const OFFER_DISCOUNT = 0.1;
const FULL_RETURN_RATE = 0.01;
const COMPLAINT_RATE = 0.02;
const COMPLAINT_RATE_WITH_RETURN = 0.1;
const RETURN_DAYS = [2, 30] as const;

// Tills and web shops are busiest in the afternoon: the hour of a purchase is a triangular
// draw over opening hours, 08:00 to 21:00 local time.
const OPENS_MS = 8 * HOUR_MS;
const OPEN_SPAN_MS = 13 * HOUR_MS;

/** A shopping moment about `gapMs` after `fromMs`, within local opening hours, always later. */
function shoppingTime(customer: Customer, fromMs: number, gapMs: number, zone: TimeZone): number {
  const rng = customer.rng;
  const candidate = fromMs + gapMs;
  const offsetMs = offsetMinutesAt(zone, candidate) * MINUTE_MS;
  const localMidnight = Math.floor((candidate + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
  const at = Math.round(localMidnight + OPENS_MS + OPEN_SPAN_MS * ((rng.next() + rng.next()) / 2));
  return at > fromMs ? at : fromMs + Math.round(rng.between(5, 60) * MINUTE_MS);
}

function zoneOf(customer: Customer, channel: PurchaseChannel): TimeZone {
  // Tills and the app print the local time; the web shop and the call centre run on UTC.
  return channel === 'pos' || channel === 'app' ? customer.traits.homeStore.zone : UTC;
}

function chooseChannel(customer: Customer, conversion: boolean): PurchaseChannel {
  const rng = customer.rng;
  if (conversion) return rng.chance(0.6) ? 'ecommerce' : 'app';
  if (rng.chance(PREFERRED_CHANNEL_SHARE)) return customer.traits.preferredChannel;
  return weightedPick(rng, PURCHASE_CHANNELS_BY_USE);
}

/** The lines a customer brings back, if any: fashion far more often than food. */
function planReturn(customer: Customer, lines: readonly PurchaseLine[]): PurchaseLine[] {
  const rng = customer.rng;
  const propensity = customer.traits.returnPropensity;
  if (rng.chance(FULL_RETURN_RATE * propensity)) return [...lines];
  const returned: PurchaseLine[] = [];
  for (const line of lines) {
    const rate = (CATEGORY_BY_NAME.get(line.category)?.returnRate ?? 0) * propensity;
    if (rng.chance(rate)) returned.push({ ...line, quantity: 1 + rng.int(line.quantity) });
  }
  return returned;
}

function saleEvent(
  customer: Customer,
  atMs: number,
  sim: Simulation,
  channel: PurchaseChannel,
  lines: PurchaseLine[],
  discountMinor: number,
): PurchaseEvent {
  const store = customer.traits.homeStore;
  return {
    type: 'purchase',
    ...envelope(customer, atMs, SOURCE[channel], zoneOf(customer, channel)),
    orderId: customer.nextOrderId(),
    channel,
    ...(channel === 'pos' ? { storeId: store.storeId } : {}),
    kind: 'sale',
    currency: sim.currency,
    totalMinor: grossMinor(lines) - discountMinor,
    lines,
    discountMinor,
  };
}

/**
 * A sale by the customer at `atMs` with its consequences: a later return of some lines,
 * sometimes a complaint, and (BG/NBD) the chance of dropping out for good. Returns the
 * sale's total. A conversion is a web or app order with the campaign's offer discount.
 */
export function sell(sim: Simulation, customer: Customer, atMs: number, conversion: boolean): number {
  const rng = customer.rng;
  const target = logNormal(rng, Math.log(customer.traits.meanOrderMinor), MODEL.orderValueSigma);
  const lines = buildBasket(rng, customer.traits.taste, target);
  const gross = grossMinor(lines);
  const share = conversion ? OFFER_DISCOUNT : rng.chance(DISCOUNT_SHARE) ? rng.between(0.05, 0.2) : 0;
  // Discounts are whole tens of cents, as promotions are priced.
  const discountMinor = Math.floor((gross * share) / 10) * 10;
  const channel = chooseChannel(customer, conversion);
  const sale = saleEvent(customer, atMs, sim, channel, lines, discountMinor);
  sim.emit(sale, atMs);

  const returned = planReturn(customer, lines);
  if (returned.length > 0) {
    const order: OrderMemo = {
      orderId: sale.orderId,
      channel,
      saleGrossMinor: gross,
      saleDiscountMinor: discountMinor,
      returned,
    };
    sim.schedule(atMs + Math.round(rng.between(...RETURN_DAYS) * DAY_MS), {
      kind: 'return',
      customer,
      order,
    });
  }
  if (rng.chance(returned.length > 0 ? COMPLAINT_RATE_WITH_RETURN : COMPLAINT_RATE)) {
    openComplaint(sim, customer, atMs + Math.round(rng.between(0.2, 10) * DAY_MS), sale.orderId);
  }
  if (rng.chance(customer.dropout) && customer.alive) {
    customer.alive = false;
    scheduleWinBack(sim, customer, atMs);
  }
  return sale.totalMinor;
}

function schedulePurchaseAfter(
  sim: Simulation,
  customer: Customer,
  fromMs: number,
  ratePerDay: number,
): void {
  const gapMs = exponential(customer.rng, ratePerDay) * DAY_MS;
  const at = shoppingTime(customer, fromMs, gapMs, customer.traits.homeStore.zone);
  sim.schedule(at, { kind: 'purchase', customer });
}

/** Starts a newly arrived buyer's purchases: the first comes within days, then the Poisson clock. */
export function startPurchasing(sim: Simulation, customer: Customer, arrivedAtMs: number): void {
  if (customer.traits.purchaseRatePerDay > 0) {
    schedulePurchaseAfter(sim, customer, arrivedAtMs, 1 / MODEL.firstPurchaseMeanDays);
  }
}

/** A purchase of the Poisson clock: sells if the customer is still alive and winds the clock on. */
export function handlePurchase(sim: Simulation, customer: Customer, atMs: number): void {
  // A customer who dropped out after a campaign conversion leaves this clock tick unused.
  if (!customer.alive) return;
  sell(sim, customer, atMs, false);
  if (customer.alive) schedulePurchaseAfter(sim, customer, atMs, customer.traits.purchaseRatePerDay);
}

/**
 * A return reversing some lines of an earlier sale; its discount is the sale's discount in
 * proportion to the value returned (rounded down, so the refund never exceeds the payment).
 */
export function handleReturn(sim: Simulation, customer: Customer, order: OrderMemo, atMs: number): void {
  const rng = customer.rng;
  const channel: PurchaseChannel = order.channel === 'pos' || rng.chance(0.3) ? 'pos' : order.channel;
  const gross = grossMinor(order.returned);
  const discountMinor =
    order.saleGrossMinor === 0 ? 0 : Math.floor((order.saleDiscountMinor * gross) / order.saleGrossMinor);
  const event: PurchaseEvent = {
    type: 'purchase',
    ...envelope(customer, atMs, SOURCE[channel], zoneOf(customer, channel)),
    orderId: customer.nextOrderId(),
    channel,
    ...(channel === 'pos' ? { storeId: customer.traits.homeStore.storeId } : {}),
    kind: 'return',
    currency: sim.currency,
    totalMinor: gross - discountMinor,
    lines: [...order.returned],
    discountMinor,
    returnOfOrderId: order.orderId,
  };
  sim.emit(event, atMs);
}
