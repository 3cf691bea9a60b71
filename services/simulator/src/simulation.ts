import { type InputEvent, SCHEMA_VERSION, type WalletEstimateEvent } from '@loyalty/contracts';
import type { CampaignStep, CampaignTouch } from './campaigns.js';
import { formatInstant, type TimeZone } from './clock.js';
import type { ComplaintMemo, ComplaintStep } from './complaints.js';
import type { Customer } from './customer-model.js';
import type { OrderMemo } from './purchases.js';

/** A step of some customer's life, due at a point in event time. */
export type Task =
  | { readonly kind: 'arrive-base'; readonly index: number }
  | { readonly kind: 'arrive-referred'; readonly customer: Customer }
  | { readonly kind: 'purchase'; readonly customer: Customer }
  | { readonly kind: 'return'; readonly customer: Customer; readonly order: OrderMemo }
  | {
      readonly kind: 'complaint';
      readonly customer: Customer;
      readonly complaint: ComplaintMemo;
      readonly step: ComplaintStep;
    }
  | CampaignTask
  | { readonly kind: 'wallet-estimate'; readonly event: WalletEstimateEvent };

/** A step of a campaign touch; the 'converted' step carries the revenue of the order it credits. */
export interface CampaignTask {
  readonly kind: 'campaign';
  readonly customer: Customer;
  readonly touch: CampaignTouch;
  readonly step: CampaignStep;
  readonly revenueMinor?: number;
}

/** What the behaviours (purchases, complaints, campaigns) see of the running simulation. */
export interface Simulation {
  readonly seed: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly currency: string;
  /** Publishes an event at its occurredAt (atMs). */
  emit(event: InputEvent, atMs: number): void;
  /** Runs a task at `atMs`; tasks due at or after the end of the simulation are dropped. */
  schedule(atMs: number, task: Task): void;
}

/** The fields every input event starts with, for a customer at an instant. */
export function envelope(customer: Customer, atMs: number, source: string, zone: TimeZone) {
  return {
    eventId: customer.nextEventId(),
    customerId: customer.id,
    occurredAt: formatInstant(atMs, zone),
    source,
    schemaVersion: SCHEMA_VERSION,
  };
}
