import type { COMPLAINT_DIMENSIONS, COMPLAINT_SEVERITIES, ComplaintEvent } from '@loyalty/contracts';
import { DAY_MS, UTC } from './clock.js';
import type { Customer } from './customer-model.js';
import { standardNormal, weightedPick } from './distributions.js';
import { envelope, type Simulation } from './simulation.js';

type Dimension = (typeof COMPLAINT_DIMENSIONS)[number];
type Severity = (typeof COMPLAINT_SEVERITIES)[number];

/** A complaint in progress, carried from one step of its life to the next. */
export interface ComplaintMemo {
  readonly complaintId: string;
  readonly orderId: string | undefined;
  readonly dimension: Dimension;
  readonly severity: Severity;
  readonly openedAtMs: number;
  readonly escalated: boolean;
  readonly reopenings: number;
}

export type ComplaintStep = 'open' | 'escalate' | 'resolve' | 'reopen';

const SOURCE = 'crm-servicedesk';

// Order problems are mostly about reliability (late, wrong or broken goods), then about slow
// answers (responsiveness); the other SERVQUAL dimensions come up less often.
const DIMENSIONS: readonly (readonly [Dimension, number])[] = [
  ['reliability', 0.35],
  ['responsiveness', 0.25],
  ['assurance', 0.15],
  ['tangibles', 0.15],
  ['empathy', 0.1],
];

const SEVERITIES: readonly (readonly [Severity, number])[] = [
  ['low', 0.4],
  ['medium', 0.35],
  ['high', 0.2],
  ['critical', 0.05],
];

const ESCALATION_RATE: Readonly<Record<Severity, number>> = {
  low: 0.05,
  medium: 0.15,
  high: 0.35,
  critical: 0.6,
};
const RESOLVED_RATE = 0.85;
const RESOLVED_AFTER_ESCALATION_RATE = 0.8;
const RESOLVED_AFTER_REOPENING_RATE = 0.8;
const ORDER_LINKED_SHARE = 0.85;
const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = {
  low: 0,
  medium: 0.1,
  high: 0.3,
  critical: 0.5,
};
const REOPEN_RATE_UNHAPPY = 0.25;
const REOPEN_RATE = 0.03;
const ADVOCATE_REFERRAL_PROPENSITY = 0.08;

function complaintEvent(
  customer: Customer,
  memo: ComplaintMemo,
  atMs: number,
  status: 'opened' | 'escalated' | 'reopened',
): ComplaintEvent {
  return {
    type: 'complaint',
    ...envelope(customer, atMs, SOURCE, UTC),
    complaintId: memo.complaintId,
    status,
    dimension: memo.dimension,
    severity: memo.severity,
    ...(memo.orderId === undefined ? {} : { orderId: memo.orderId }),
  };
}

function days(customer: Customer, min: number, max: number): number {
  // Log-uniform: most cases close in days, a few drag on for weeks.
  return Math.round(Math.exp(customer.rng.between(Math.log(min), Math.log(max))) * DAY_MS);
}

function scheduleResolutionOrAbandon(
  sim: Simulation,
  customer: Customer,
  memo: ComplaintMemo,
  fromMs: number,
  rate: number,
): void {
  if (customer.rng.chance(rate)) {
    const [min, max] = memo.escalated ? [1, 20] : [0.2, 10];
    sim.schedule(fromMs + days(customer, min, max), {
      kind: 'complaint',
      customer,
      complaint: memo,
      step: 'resolve',
    });
  } else {
    // Left open: nobody answers, and the customer is more likely to walk away.
    customer.sour();
  }
}

/**
 * Plans a complaint opening at `atMs`, about an order usually, with a dimension and a
 * severity; its life (escalation, resolution, reopening) unfolds in handleComplaint.
 */
export function openComplaint(sim: Simulation, customer: Customer, atMs: number, orderId: string): void {
  const rng = customer.rng;
  const complaint: ComplaintMemo = {
    complaintId: customer.nextComplaintId(),
    orderId: rng.chance(ORDER_LINKED_SHARE) ? orderId : undefined,
    dimension: weightedPick(rng, DIMENSIONS),
    severity: weightedPick(rng, SEVERITIES),
    openedAtMs: atMs,
    escalated: false,
    reopenings: 0,
  };
  sim.schedule(atMs, { kind: 'complaint', customer, complaint, step: 'open' });
}

/**
 * Satisfaction with a resolution, 1 to 5: high after a quick, simple fix, lower after an
 * escalation, a long wait, a reopening or a severe problem (service recovery research:
 * speed and first-contact resolution drive post-complaint satisfaction).
 */
function satisfaction(customer: Customer, memo: ComplaintMemo, atMs: number): number {
  const daysOpen = (atMs - memo.openedAtMs) / DAY_MS;
  const mean =
    4.4 -
    (memo.escalated ? 1.1 : 0) -
    0.06 * daysOpen -
    0.7 * memo.reopenings -
    SEVERITY_PENALTY[memo.severity];
  return Math.min(5, Math.max(1, Math.round(mean + 0.9 * standardNormal(customer.rng))));
}

function resolve(sim: Simulation, customer: Customer, memo: ComplaintMemo, atMs: number): void {
  const score = satisfaction(customer, memo, atMs);
  const event: ComplaintEvent = {
    type: 'complaint',
    ...envelope(customer, atMs, SOURCE, UTC),
    complaintId: memo.complaintId,
    status: 'resolved',
    dimension: memo.dimension,
    severity: memo.severity,
    ...(memo.orderId === undefined ? {} : { orderId: memo.orderId }),
    satisfaction: score,
  };
  sim.emit(event, atMs);
  if (score <= 2) customer.sour();
  // Delighted customers recommend: a good recovery makes an advocate.
  if (score === 5)
    customer.referralPropensity = Math.max(customer.referralPropensity, ADVOCATE_REFERRAL_PROPENSITY);
  if (customer.rng.chance(score <= 2 ? REOPEN_RATE_UNHAPPY : REOPEN_RATE)) {
    sim.schedule(atMs + days(customer, 1, 7), {
      kind: 'complaint',
      customer,
      complaint: memo,
      step: 'reopen',
    });
  }
}

/** One step in the life of a complaint, at `atMs`. */
export function handleComplaint(
  sim: Simulation,
  customer: Customer,
  memo: ComplaintMemo,
  step: ComplaintStep,
  atMs: number,
): void {
  switch (step) {
    case 'open': {
      sim.emit(complaintEvent(customer, memo, atMs, 'opened'), atMs);
      if (customer.rng.chance(ESCALATION_RATE[memo.severity])) {
        sim.schedule(atMs + days(customer, 0.5, 5), {
          kind: 'complaint',
          customer,
          complaint: memo,
          step: 'escalate',
        });
      } else {
        scheduleResolutionOrAbandon(sim, customer, memo, atMs, RESOLVED_RATE);
      }
      return;
    }
    case 'escalate': {
      sim.emit(complaintEvent(customer, memo, atMs, 'escalated'), atMs);
      const escalated = { ...memo, escalated: true };
      scheduleResolutionOrAbandon(sim, customer, escalated, atMs, RESOLVED_AFTER_ESCALATION_RATE);
      return;
    }
    case 'resolve':
      resolve(sim, customer, memo, atMs);
      return;
    case 'reopen': {
      sim.emit(complaintEvent(customer, memo, atMs, 'reopened'), atMs);
      const reopened = { ...memo, reopenings: memo.reopenings + 1 };
      scheduleResolutionOrAbandon(sim, customer, reopened, atMs, RESOLVED_AFTER_REOPENING_RATE);
      return;
    }
  }
}
