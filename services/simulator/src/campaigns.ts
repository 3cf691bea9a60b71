import type { CAMPAIGN_CHANNELS, CampaignResponseEvent } from '@loyalty/contracts';
import { DAY_MS, HOUR_MS, MINUTE_MS, UTC } from './clock.js';
import { Customer } from './customer-model.js';
import { weightedPick } from './distributions.js';
import { hash32, Rng } from './prng.js';
import { sell } from './purchases.js';
import { type CampaignTask, envelope, type Simulation } from './simulation.js';

type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

/** One campaign message to one customer, carried through the responses it draws. */
export interface CampaignTouch {
  /** The campaign's number in the weekly calendar. */
  readonly index: number;
  readonly campaignId: string;
  readonly channel: CampaignChannel;
  readonly offerId: string | undefined;
  /** In a win-back experiment: whether the customer is in the control group; else undefined. */
  readonly controlGroup?: boolean;
}

export type CampaignStep =
  | 'send'
  | 'open'
  | 'click'
  | 'convert'
  | 'converted'
  | 'unsubscribe'
  | 'refer'
  | 'win-back-send'
  | 'win-back-purchase';

const CAMPAIGN_INTERVAL_MS = 7 * DAY_MS;
const SEND_START_MS = 9 * HOUR_MS;
const SEND_SPREAD_MS = 8 * HOUR_MS;
const OFFER_SHARE = 0.6;
const SALT_CAMPAIGN = 0xca3b;
const SALT_REFERRED = 0x4ef1;
const SALT_WIN_BACK = 0x3b1c;

/**
 * The win-back experiments: every WIN_BACK_INTERVAL_MS a campaign goes to the customers who
 * dropped out at least WIN_BACK_AFTER_MS before (the simulated marketing tool knows exactly who
 * lapsed). CONTROL_SHARE of them form the control group and get the mail without the offer;
 * each treated customer buys on the offer with probability WIN_BACK_EFFECT. A customer who
 * dropped out never buys on their own again, so the true uplift in buying within 90 days is
 * WIN_BACK_EFFECT exactly, which `loyalty report win-back-uplift` must recover.
 */
export const WIN_BACK_EFFECT = 0.3;
export const WIN_BACK_CONTROL_SHARE = 0.2;
const WIN_BACK_INTERVAL_MS = 28 * DAY_MS;
const WIN_BACK_AFTER_MS = 60 * DAY_MS;

const CHANNELS: readonly (readonly [CampaignChannel, number])[] = [
  ['email', 0.55],
  ['push', 0.15],
  ['sms', 0.12],
  ['mail', 0.1],
  ['in_store', 0.08],
];

const SOURCE: Readonly<Record<CampaignChannel, string>> = {
  email: 'email-platform',
  sms: 'sms-gateway',
  push: 'push-service',
  mail: 'direct-mail',
  in_store: 'pos-tills',
};

// Typical retail benchmarks: a few percent bounce; opens vary widely by channel.
const BOUNCE_RATE: Readonly<Record<CampaignChannel, number>> = {
  email: 0.03,
  sms: 0.02,
  push: 0.04,
  mail: 0.02,
  in_store: 0,
};
const OPEN_RATE: Readonly<Record<CampaignChannel, number>> = {
  email: 0.3,
  sms: 0.45,
  push: 0.25,
  mail: 0.2,
  in_store: 0.35,
};
const HARD_BOUNCE_SHARE = 0.3;
const UNSUBSCRIBE_RATE = 0.01;
const CLICK_RATE = 0.3;
const CONVERSION_RATE = 0.2;
/** A customer who dropped out still reads some mail, but less. */
const LAPSED_OPEN_FACTOR = 0.5;
const REFERRED_BUYER_SHARE = 0.8;

function campaignStartMs(sim: Simulation, index: number): number {
  return sim.startMs + index * CAMPAIGN_INTERVAL_MS + SEND_START_MS;
}

/** A campaign's identity and channel, a pure function of (seed, index): every customer sees the same. */
function campaignTouch(sim: Simulation, index: number): CampaignTouch {
  const rng = Rng.fromParts(sim.seed, index, SALT_CAMPAIGN);
  const tag = `${hash32(sim.seed).toString(36)}-${index}`;
  return {
    index,
    campaignId: `cam-${tag}`,
    channel: weightedPick(rng, CHANNELS),
    offerId: rng.chance(OFFER_SHARE) ? `off-${tag}` : undefined,
  };
}

/** Log-uniform delay between min and max milliseconds: most responses come fast, some late. */
function delay(customer: Customer, minMs: number, maxMs: number): number {
  return Math.round(Math.exp(customer.rng.between(Math.log(minMs), Math.log(maxMs))));
}

/**
 * Schedules the next campaign that targets the customer, from calendar index `fromIndex`
 * on: each weekly campaign reaches the customer with the customer's own probability.
 */
function scheduleCampaignFrom(sim: Simulation, customer: Customer, fromIndex: number): void {
  if (!customer.reachable) return;
  let index = fromIndex;
  while (!customer.rng.chance(customer.traits.campaignReach)) {
    index += 1;
    if (campaignStartMs(sim, index) >= sim.endMs) return;
  }
  const at = campaignStartMs(sim, index) + Math.round(customer.rng.next() * SEND_SPREAD_MS);
  sim.schedule(at, { kind: 'campaign', customer, touch: campaignTouch(sim, index), step: 'send' });
}

/** Enrols a customer known from `atMs` in the campaigns that start after that moment. */
export function startCampaigns(sim: Simulation, customer: Customer, atMs: number): void {
  const first = Math.max(0, Math.ceil((atMs - campaignStartMs(sim, 0)) / CAMPAIGN_INTERVAL_MS));
  scheduleCampaignFrom(sim, customer, first);
}

function responseEvent<R extends CampaignResponseEvent['response']>(
  customer: Customer,
  touch: CampaignTouch,
  atMs: number,
  response: R,
) {
  return {
    type: 'campaign-response' as const,
    ...envelope(customer, atMs, SOURCE[touch.channel], UTC),
    campaignId: touch.campaignId,
    channel: touch.channel,
    ...(touch.offerId === undefined ? {} : { offerId: touch.offerId }),
    ...(touch.controlGroup === undefined ? {} : { controlGroup: touch.controlGroup }),
    response,
  };
}

/**
 * Enters a customer who dropped out at `lapsedAtMs` into the next win-back experiment. Its
 * draws come from a stream of their own, so that the experiment leaves the customer's other
 * behaviour as it would have been.
 */
export function scheduleWinBack(sim: Simulation, customer: Customer, lapsedAtMs: number): void {
  if (!customer.reachable) return;
  const index = Math.ceil((lapsedAtMs + WIN_BACK_AFTER_MS - sim.startMs) / WIN_BACK_INTERVAL_MS);
  const at = sim.startMs + index * WIN_BACK_INTERVAL_MS + SEND_START_MS;
  if (at >= sim.endMs) return;
  const idHash = hash32(...Array.from(customer.id, (c) => c.charCodeAt(0)));
  const rng = Rng.fromParts(sim.seed, index, idHash, SALT_WIN_BACK);
  const controlGroup = rng.chance(WIN_BACK_CONTROL_SHARE);
  const buys = rng.chance(WIN_BACK_EFFECT);
  const tag = `${hash32(sim.seed).toString(36)}-${index}`;
  const touch: CampaignTouch = {
    index,
    campaignId: `winback-${tag}`,
    channel: 'email',
    offerId: controlGroup ? undefined : `winback-offer-${tag}`,
    controlGroup,
  };
  sim.schedule(at + Math.round(rng.next() * SEND_SPREAD_MS), {
    kind: 'campaign',
    customer,
    touch,
    step: 'win-back-send',
  });
  if (!controlGroup && buys) {
    const purchaseAt = at + SEND_SPREAD_MS + Math.round(rng.between(1, 14) * DAY_MS);
    sim.schedule(purchaseAt, { kind: 'campaign', customer, touch, step: 'win-back-purchase' });
  }
}

function send(sim: Simulation, customer: Customer, touch: CampaignTouch, atMs: number): void {
  const rng = customer.rng;
  if (rng.chance(BOUNCE_RATE[touch.channel])) {
    sim.emit(responseEvent(customer, touch, atMs, 'bounced'), atMs);
    if (rng.chance(HARD_BOUNCE_SHARE)) customer.reachable = false;
  } else {
    sim.emit(responseEvent(customer, touch, atMs, 'delivered'), atMs);
    const openRate =
      OPEN_RATE[touch.channel] * customer.traits.engagement * (customer.alive ? 1 : LAPSED_OPEN_FACTOR);
    if (rng.chance(openRate)) {
      sim.schedule(atMs + delay(customer, 5 * MINUTE_MS, 2 * DAY_MS), {
        kind: 'campaign',
        customer,
        touch,
        step: 'open',
      });
    }
    if (rng.chance(UNSUBSCRIBE_RATE)) {
      customer.reachable = false;
      sim.schedule(atMs + delay(customer, 10 * MINUTE_MS, 3 * DAY_MS), {
        kind: 'campaign',
        customer,
        touch,
        step: 'unsubscribe',
      });
    }
  }
  scheduleCampaignFrom(sim, customer, touch.index + 1);
}

function open(sim: Simulation, customer: Customer, touch: CampaignTouch, atMs: number): void {
  const rng = customer.rng;
  sim.emit(responseEvent(customer, touch, atMs, 'opened'), atMs);
  if (rng.chance(CLICK_RATE)) {
    sim.schedule(atMs + delay(customer, MINUTE_MS, 30 * MINUTE_MS), {
      kind: 'campaign',
      customer,
      touch,
      step: 'click',
    });
  }
  if (rng.chance(customer.referralPropensity)) {
    sim.schedule(atMs + delay(customer, HOUR_MS, 5 * DAY_MS), {
      kind: 'campaign',
      customer,
      touch,
      step: 'refer',
    });
  }
}

function refer(sim: Simulation, customer: Customer, touch: CampaignTouch, atMs: number): void {
  const rng = customer.rng;
  // The friend's whole life derives from the referrer's stream, so it is as reproducible.
  const friendRng = Rng.fromParts(sim.seed, rng.uint32(), rng.uint32(), SALT_REFERRED);
  const friend = new Customer(friendRng, rng.chance(REFERRED_BUYER_SHARE));
  sim.emit({ ...responseEvent(customer, touch, atMs, 'referred'), referredCustomerId: friend.id }, atMs);
  sim.schedule(atMs + delay(customer, DAY_MS, 14 * DAY_MS), { kind: 'arrive-referred', customer: friend });
}

/**
 * The order placed on the touch's offer, then the marketing tool's attribution of it a little
 * later; `attributionDelayMs` is drawn after the order, as the customer's stream has it.
 */
function buyOnOffer(
  sim: Simulation,
  task: CampaignTask,
  atMs: number,
  attributionDelayMs: () => number,
): void {
  const revenue = sell(sim, task.customer, atMs, true);
  sim.schedule(atMs + attributionDelayMs(), {
    kind: 'campaign',
    customer: task.customer,
    touch: task.touch,
    step: 'converted',
    revenueMinor: revenue,
  });
}

/** One step of a campaign touch, at `atMs`. */
export function handleCampaign(sim: Simulation, task: CampaignTask, atMs: number): void {
  const { customer, touch } = task;
  switch (task.step) {
    case 'send':
      send(sim, customer, touch, atMs);
      return;
    case 'open':
      open(sim, customer, touch, atMs);
      return;
    case 'click':
      sim.emit(responseEvent(customer, touch, atMs, 'clicked'), atMs);
      if (customer.alive && customer.rng.chance(CONVERSION_RATE)) {
        sim.schedule(atMs + delay(customer, 2 * MINUTE_MS, 2 * HOUR_MS), {
          kind: 'campaign',
          customer,
          touch,
          step: 'convert',
        });
      }
      return;
    case 'convert':
      if (!customer.alive) return;
      buyOnOffer(sim, task, atMs, () => delay(customer, 1_000, 120_000));
      return;
    case 'converted':
      sim.emit(
        {
          ...responseEvent(customer, touch, atMs, 'converted'),
          ...(task.revenueMinor === undefined ? {} : { revenueMinor: task.revenueMinor }),
        },
        atMs,
      );
      return;
    case 'unsubscribe':
      sim.emit(responseEvent(customer, touch, atMs, 'unsubscribed'), atMs);
      return;
    case 'refer':
      refer(sim, customer, touch, atMs);
      return;
    case 'win-back-send':
      sim.emit(responseEvent(customer, touch, atMs, 'delivered'), atMs);
      return;
    case 'win-back-purchase':
      // A fixed delay: the experiment's draws stay off the customer's own stream.
      buyOnOffer(sim, task, atMs, () => 60_000);
      return;
  }
}
