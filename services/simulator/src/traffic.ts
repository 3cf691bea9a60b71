import {
  type InputEvent,
  type InputTopics,
  type RejectionReason,
  TOPIC_BY_INPUT_TYPE,
} from '@loyalty/contracts';
import { handleCampaign, startCampaigns } from './campaigns.js';
import { DAY_MS } from './clock.js';
import { handleComplaint } from './complaints.js';
import { Customer, MODEL } from './customer-model.js';
import { corrupt } from './malformed.js';
import { TimeQueue } from './priority-queue.js';
import { Rng, unitHash } from './prng.js';
import { handlePurchase, handleReturn, startPurchasing } from './purchases.js';
import type { Simulation, Task } from './simulation.js';
import {
  type ResolvedTrafficOptions,
  resolveTrafficOptions,
  type TrafficOptions,
} from './traffic-options.js';
import { startWallet } from './wallets.js';

export type InputTopic = InputTopics[keyof InputTopics];
export type MessageKind = 'good' | 'malformed' | 'duplicate';

/** One Kafka message of simulated traffic. */
export interface GeneratedMessage {
  readonly topic: InputTopic;
  /**
   * The customerId: every topic is keyed by customer, so one customer's events stay in order
   * (a malformed message with the defect key_mismatch carries another key on purpose).
   */
  readonly key: string;
  /** The message bytes: event JSON, or the broken bytes of a malformed message. */
  readonly value: Buffer;
  /** Event time of the (original) event; duplicates keep the time of the event they repeat. */
  readonly occurredAtMs: number;
  readonly kind: MessageKind;
  /** Malformed messages only: the rejection reason the defect is built to trigger. */
  readonly defect?: RejectionReason;
}

const SALT_ARRIVAL = 0xa771;
const SALT_EXISTING = 0xe815;
const SALT_NOISE = 0x0153;
const SALT_WALLET_NOISE = 0x0154;
/** A duplicate is re-sent within this many messages of its original. */
const MAX_DUPLICATE_LAG = 50;

interface Emitted {
  readonly event: InputEvent;
  readonly atMs: number;
}

/** The event-time scheduler: a queue of every customer's next steps, run in time order. */
class Engine implements Simulation {
  readonly seed: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly currency: string;
  readonly queue = new TimeQueue<Task>();
  readonly emitted: Emitted[] = [];

  constructor(options: ResolvedTrafficOptions) {
    this.seed = options.seed;
    this.startMs = Date.parse(options.start);
    this.endMs = this.startMs + Math.round(options.durationDays * DAY_MS);
    this.currency = options.currency;
    const span = this.endMs - this.startMs;
    const existingSpan = Math.min(span, MODEL.existingArrivalDays * DAY_MS);
    for (let index = 0; index < options.customers; index++) {
      // Arrival times come from hashes, not from the customers' own streams, so that the
      // queue can hold a bare index until the customer actually arrives.
      const existing = unitHash(this.seed, index, SALT_EXISTING) < MODEL.existingShare;
      const at =
        this.startMs +
        Math.floor(unitHash(this.seed, index, SALT_ARRIVAL) * (existing ? existingSpan : span));
      this.queue.push(at, { kind: 'arrive-base', index });
    }
  }

  emit(event: InputEvent, atMs: number): void {
    this.emitted.push({ event, atMs });
  }

  schedule(atMs: number, task: Task): void {
    if (atMs < this.endMs) this.queue.push(atMs, task);
  }

  run(task: Task, atMs: number): void {
    switch (task.kind) {
      case 'arrive-base': {
        const rng = Rng.fromParts(this.seed, task.index);
        this.arrive(new Customer(rng, rng.chance(MODEL.buyerShare)), atMs);
        return;
      }
      case 'arrive-referred':
        this.arrive(task.customer, atMs);
        return;
      case 'purchase':
        handlePurchase(this, task.customer, atMs);
        return;
      case 'return':
        handleReturn(this, task.customer, task.order, atMs);
        return;
      case 'complaint':
        handleComplaint(this, task.customer, task.complaint, task.step, atMs);
        return;
      case 'campaign':
        handleCampaign(this, task, atMs);
        return;
      case 'wallet-estimate':
        this.emit(task.event, atMs);
        return;
    }
  }

  private arrive(customer: Customer, atMs: number): void {
    startPurchasing(this, customer, atMs);
    startCampaigns(this, customer, atMs);
    startWallet(this, customer, atMs);
  }
}

/** A re-send waiting for `sent` to reach `due`; `counted` is what it adds to `sent` once sent. */
interface PendingResend {
  readonly due: number;
  readonly message: GeneratedMessage;
  readonly counted: number;
}

/** Adds the noise of real feeds around the good events: malformed messages and re-sends. */
class Noise {
  private readonly rng: Rng;
  private readonly walletRng: Rng;
  private readonly malformedChance: number;
  private readonly duplicateChance: number;
  private readonly pending: PendingResend[] = [];
  /** Messages sent, wallet estimates' aside: re-sends fall due by this count. */
  private sent = 0;

  constructor(private readonly options: ResolvedTrafficOptions) {
    this.rng = Rng.fromParts(options.seed, SALT_NOISE);
    this.walletRng = Rng.fromParts(options.seed, SALT_WALLET_NOISE);
    // Per good event, so that the shares hold over all messages: with m and d the shares,
    // G good events yield G / (1 - m - d) messages in all.
    const good = 1 - options.malformedShare - options.duplicateShare;
    this.malformedChance = options.malformedShare / good;
    this.duplicateChance = options.duplicateShare / good;
  }

  /** The messages to send for one good event, in order, into `out`. */
  accept(message: GeneratedMessage, event: InputEvent, out: GeneratedMessage[]): void {
    // Wallet estimates draw their noise from a stream of their own, stay out of the count
    // re-sends fall due by and release none, so that every other message comes as it did
    // before they existed.
    if (event.type === 'wallet-estimate') {
      this.add(this.walletRng, 0, message, event, out);
      return;
    }
    this.add(this.rng, 1, message, event, out);
    this.release(out, false);
  }

  /** The message, maybe a malformed copy after it, and maybe a later re-send of it. */
  private add(
    rng: Rng,
    counted: number,
    message: GeneratedMessage,
    event: InputEvent,
    out: GeneratedMessage[],
  ): void {
    out.push(message);
    this.sent += counted;
    if (this.malformedChance > 0 && rng.chance(this.malformedChance)) {
      const { value, defect, key } = corrupt(rng, event, this.options.currency);
      out.push({ ...message, ...(key === undefined ? {} : { key }), value, kind: 'malformed', defect });
      this.sent += counted;
    }
    if (this.duplicateChance > 0 && rng.chance(this.duplicateChance)) {
      this.pending.push({
        due: this.sent + 1 + rng.int(MAX_DUPLICATE_LAG),
        message: { ...message, kind: 'duplicate' },
        counted,
      });
    }
  }

  /** Moves the re-sends that are due (or all, at the end) into `out`. */
  release(out: GeneratedMessage[], all: boolean): void {
    for (let i = 0; i < this.pending.length; ) {
      const entry = this.pending[i] as PendingResend;
      if (all || entry.due <= this.sent) {
        out.push(entry.message);
        this.sent += entry.counted;
        this.pending.splice(i, 1);
      } else {
        i += 1;
      }
    }
  }
}

/**
 * Synthetic traffic of POS, web shop, CRM and marketing systems, in event-time order (only
 * duplicates arrive after later events), deterministic for the options: the same options
 * give the same bytes. Memory grows with the customers alive, not with the events.
 */
export function* generateTraffic(options: TrafficOptions): Generator<GeneratedMessage, void, undefined> {
  const resolved = resolveTrafficOptions(options);
  const engine = new Engine(resolved);
  const noise = new Noise(resolved);
  const out: GeneratedMessage[] = [];
  for (let next = engine.queue.pop(); next !== undefined; next = engine.queue.pop()) {
    engine.run(next.item, next.at);
    for (const { event, atMs } of engine.emitted) {
      const message: GeneratedMessage = {
        topic: TOPIC_BY_INPUT_TYPE[event.type],
        key: event.customerId,
        value: Buffer.from(JSON.stringify(event), 'utf8'),
        occurredAtMs: atMs,
        kind: 'good',
      };
      noise.accept(message, event, out);
    }
    engine.emitted.length = 0;
    yield* out;
    out.length = 0;
  }
  noise.release(out, true);
  yield* out;
}

/**
 * An estimate of the number of messages generateTraffic yields, from a run over a sample
 * of the customers (their histories are independent, so the sample scales up).
 */
export function estimateMessageCount(options: TrafficOptions, sampleCustomers = 2_000): number {
  const resolved = resolveTrafficOptions(options);
  const sample = Math.min(resolved.customers, sampleCustomers);
  let count = 0;
  for (const _ of generateTraffic({ ...options, customers: sample })) count += 1;
  return Math.round((count * resolved.customers) / sample);
}
