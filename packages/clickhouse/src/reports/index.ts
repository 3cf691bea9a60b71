import { PYRAMID_LEVELS, type Rules } from '@loyalty/core';
import { basketReport } from './basket.js';
import { churnReport } from './churn.js';
import { cohortsReport } from './cohorts.js';
import { deadLettersReport } from './dead-letters.js';
import { loyaltyLadderReport } from './loyalty-ladder.js';
import { paretoReport } from './pareto.js';
import type { ReportContext } from './report-context.js';
import { type ReportTable, ratio } from './report-table.js';
import { rfmReport } from './rfm.js';
import { serviceRecoveryReport, serviceRecoveryTable } from './service-recovery.js';
import { shareOfWalletReport, shareOfWalletTable } from './share-of-wallet.js';
import { tierFlowReport } from './tier-flow.js';
import { tierPyramidReport } from './tier-pyramid.js';
import type { TimeRange } from './time-range.js';
import { pyramidMismatchReport, valuePyramidReport } from './value-pyramid.js';
import { winBackReport } from './win-back.js';
import { winBackUpliftReport } from './win-back-uplift.js';

/** A report the CLI can run: what it shows, and how to run it as a table (with the rules in force). */
export interface ReportDefinition {
  readonly description: string;
  readonly run: (
    context: ReportContext,
    range: TimeRange,
    rules?: Pick<Rules, 'pyramid' | 'wallet'>,
  ) => Promise<ReportTable>;
}

/** A mean amount of minor units, to a hundredth of one. */
const minor = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** The most customers the win-back report lists (`--limit` cuts further). */
const WIN_BACK_ROWS = 100_000;

/** Every report by name (`loyalty report <name>`). */
export const REPORTS = {
  rfm: {
    description: 'per customer: recency days, frequency, monetary, quintile scores and RFM segment',
    run: async (context, range) => ({
      columns: ['customer_id', 'recency_days', 'frequency', 'monetary_minor', 'r', 'f', 'm', 'segment'],
      rows: (await rfmReport(context, range)).map((row) => ({
        customer_id: row.customerId,
        recency_days: row.recencyDays,
        frequency: row.frequency,
        monetary_minor: row.monetaryMinor,
        r: row.r,
        f: row.f,
        m: row.m,
        segment: row.segment,
      })),
    }),
  },
  pareto: {
    description: 'share of net revenue from the top 10%, 20% (the 80/20 number), ... 100% of customers',
    run: async (context, range) => ({
      columns: ['top_percent', 'customers', 'net_minor', 'share'],
      rows: (await paretoReport(context, range)).curve.map((point) => ({
        top_percent: point.percent,
        customers: point.customers,
        net_minor: point.netMinor,
        share: ratio(point.share),
      })),
    }),
  },
  cohorts: {
    description:
      'retention matrix: share of each first-purchase month buying again k months later (m0, m1, ...)',
    run: async (context, range) => {
      const cohorts = await cohortsReport(context, range);
      const width = Math.max(0, ...cohorts.map((c) => c.active.length));
      const months = Array.from({ length: width }, (_, k) => `m${k}`);
      return {
        columns: ['cohort', 'customers', ...months],
        rows: cohorts.map((c) => ({
          cohort: c.cohort,
          customers: c.customers,
          ...Object.fromEntries(
            months.map((name, k) => [
              name,
              k < c.active.length ? ratio((c.active[k] ?? 0) / c.customers) : null,
            ]),
          ),
        })),
      };
    },
  },
  basket: {
    description: 'category pairs bought in one order: support, confidence and lift',
    run: async (context, range) => ({
      columns: ['antecedent', 'consequent', 'orders', 'support', 'confidence', 'lift'],
      rows: (await basketReport(context, range)).map((rule) => ({
        antecedent: rule.antecedent,
        consequent: rule.consequent,
        orders: rule.orders,
        support: ratio(rule.support),
        confidence: ratio(rule.confidence),
        lift: ratio(rule.lift),
      })),
    }),
  },
  'tier-flow': {
    description: 'tier changes per month, from tier to tier; corrections after late input apart',
    run: async (context, range) => ({
      columns: ['month', 'from_tier', 'to_tier', 'direction', 'changes', 'corrections', 'customers'],
      rows: (await tierFlowReport(context, range)).map((row) => ({
        month: row.month,
        from_tier: row.fromTier,
        to_tier: row.toTier,
        direction: row.direction,
        changes: row.changes,
        corrections: row.corrections,
        customers: row.customers,
      })),
    }),
  },
  churn: {
    description: 'customers by churn-risk level and driver at the end of each month',
    run: async (context, range) => ({
      columns: ['month', 'level', 'driver', 'customers'],
      rows: (await churnReport(context, range)).map((row) => ({
        month: row.month,
        level: row.level,
        driver: row.driver ?? '(all)',
        customers: row.customers,
      })),
    }),
  },
  'tier-pyramid': {
    description: 'customers and their net revenue per tier at the end of the range, top tier first',
    run: async (context, range) => ({
      columns: ['tier', 'customers', 'net_minor'],
      rows: (await tierPyramidReport(context, range)).map((row) => ({
        tier: row.tier,
        customers: row.customers,
        net_minor: row.netMinor,
      })),
    }),
  },
  'value-pyramid': {
    description:
      "customers ranked by value (CLV, else 365-day net spend) into platinum, gold, iron and lead by the rules' shares, against their service tiers",
    run: async (context, range, rules?) => {
      const pyramid = await valuePyramidReport(context, range, rules?.pyramid);
      const tiers = Object.keys(pyramid.levels[0]?.byTier ?? {});
      return {
        columns: ['level', 'measure', 'customers', 'cutoff', 'value', ...tiers.map((tier) => `tier_${tier}`)],
        rows: PYRAMID_LEVELS.flatMap((level) => {
          const row = pyramid.levels.find((l) => l.level === level);
          if (row === undefined) return [];
          return [
            {
              level,
              measure: pyramid.measure,
              customers: row.customers,
              cutoff: row.cutoff,
              value: Math.round(row.value * 100) / 100,
              ...Object.fromEntries(tiers.map((tier) => [`tier_${tier}`, row.byTier[tier] ?? 0])),
            },
          ];
        }),
      };
    },
  },
  'pyramid-mismatch': {
    description:
      'per customer whose value-pyramid level differs from their service tier: level, tier, the gap in levels (positive: worth more than the tier says), widest gaps first',
    run: async (context, range, rules?) => {
      const { measure, customers } = await pyramidMismatchReport(context, range, rules?.pyramid);
      return {
        columns: ['customer_id', 'level', 'tier', 'gap', 'measure', 'value'],
        rows: customers.map((c) => ({
          customer_id: c.customerId,
          level: c.level,
          tier: c.tier,
          gap: c.gap,
          measure,
          value: Math.round(c.value * 100) / 100,
        })),
      };
    },
  },
  'share-of-wallet': {
    description:
      "net spend of the rules' wallet window (365 days) over each customer's latest wallet estimate, in all, by share band and by tier, and how many of the window's buyers have an estimate",
    run: async (context, range, rules?) =>
      shareOfWalletTable(await shareOfWalletReport(context, range, rules?.wallet)),
  },
  'loyalty-ladder': {
    description:
      'customers on each stage of the loyalty ladder at the end of the range, and the moves between stages within it',
    run: async (context, range) => {
      const ladder = await loyaltyLadderReport(context, range);
      return {
        columns: ['from_stage', 'to_stage', 'customers_or_changes'],
        rows: [
          ...ladder.stages.map((row) => ({
            from_stage: row.stage,
            to_stage: '(now)',
            customers_or_changes: row.customers,
          })),
          ...ladder.flows.map((row) => ({
            from_stage: row.from,
            to_stage: row.to,
            customers_or_changes: row.changes,
          })),
        ],
      };
    },
  },
  'win-back': {
    description:
      'customers at high churn risk at the end of the range, most valuable (CLV) first, with their drivers',
    run: async (context, range) => ({
      columns: ['customer_id', 'high_since', 'drivers', 'clv', 'expected_purchases_90d'],
      rows: (await winBackReport(context, range, WIN_BACK_ROWS)).map((row) => ({
        customer_id: row.customerId,
        high_since: row.highSince,
        drivers: row.drivers.join(' '),
        clv: row.clv,
        expected_purchases_90d: row.expectedPurchases90d,
      })),
    }),
  },
  'win-back-uplift': {
    description:
      'win-back experiments: conversion and 90-day revenue of treated against control customers, by churn level and CLV band at assignment, with 95% intervals',
    run: async (context, range) => ({
      columns: [
        'churn_level',
        'clv_band',
        'treated',
        'control',
        'treated_conversion',
        'control_conversion',
        'conversion_uplift',
        'conversion_uplift_low',
        'conversion_uplift_high',
        'treated_revenue_minor',
        'control_revenue_minor',
        'revenue_uplift_minor',
        'revenue_uplift_low',
        'revenue_uplift_high',
      ],
      rows: (await winBackUpliftReport(context, range)).map((row) => ({
        churn_level: row.churnLevel,
        clv_band: row.clvBand,
        treated: row.treated,
        control: row.control,
        treated_conversion: ratio(row.treatedConversion),
        control_conversion: ratio(row.controlConversion),
        conversion_uplift: ratio(row.conversionUplift),
        conversion_uplift_low: ratio(row.conversionUpliftInterval?.low ?? null),
        conversion_uplift_high: ratio(row.conversionUpliftInterval?.high ?? null),
        treated_revenue_minor: minor(row.treatedRevenue),
        control_revenue_minor: minor(row.controlRevenue),
        revenue_uplift_minor: minor(row.revenueUplift),
        revenue_uplift_low: minor(row.revenueUpliftInterval?.low ?? null),
        revenue_uplift_high: minor(row.revenueUpliftInterval?.high ?? null),
      })),
    }),
  },
  'service-recovery': {
    description:
      'retention and spend 90/180 days after a complaint, by outcome and time to resolution, against matched sales without one; the recovery paradox shown or not',
    run: async (context, range) => serviceRecoveryTable(await serviceRecoveryReport(context, range)),
  },
  'dead-letters': {
    description: 'rejected input messages by day, reason and source topic',
    run: async (context, range) => ({
      columns: ['day', 'reason', 'source_topic', 'messages'],
      rows: (await deadLettersReport(context, range)).map((row) => ({
        day: row.day,
        reason: row.reason,
        source_topic: row.sourceTopic,
        messages: row.messages,
      })),
    }),
  },
} as const satisfies Record<string, ReportDefinition>;

export type ReportName = keyof typeof REPORTS;

/** Whether `name` is the name of a report. */
export function isReportName(name: string): name is ReportName {
  return Object.hasOwn(REPORTS, name);
}
