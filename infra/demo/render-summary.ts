// The demo's summary for people: plain text tables, one section per audience.
import type { TierChangeRow } from './pipeline-outputs.js';
import type { DemoSummary } from './run-demo.js';

const n = (value: number) => value.toLocaleString('en');
const pct = (share: number | null) => (share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');

/** A share of a whole as a bar, for distributions. */
function bar(count: number, total: number, width = 30): string {
  return '#'.repeat(total > 0 ? Math.round((count / total) * width) : 0);
}

function distribution(title: string, counts: Record<string, number>, total: number): string[] {
  const width = Math.max(...Object.keys(counts).map((k) => k.length));
  return [
    title,
    ...Object.entries(counts).map(
      ([key, count]) =>
        `  ${key.padEnd(width)} ${n(count).padStart(8)} ${pct(count / total).padStart(6)}  ${bar(count, total)}`,
    ),
  ];
}

function tierChangeLine(change: TierChangeRow): string {
  return `    ${time(change.occurredAt)}  ${change.customerId}  ${change.previousTier} -> ${change.newTier}  (${change.reason})`;
}

/** The lines, or one saying there are none. */
function orNone(lines: readonly string[]): readonly string[] {
  return lines.length === 0 ? ['    (none)'] : lines;
}

function joined(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '(none)' : entries.map(([key, count]) => `${key} ${n(count)}`).join(', ');
}

/** The summary as text, one section after the other. */
export function renderSummary(summary: DemoSummary): string {
  const { workload: w, timingsMs: t, profiles, outputs, live, reports, run } = summary;
  const total = profiles.customers;
  const lines = [
    `Loyalty demo: ${n(w.customers)} customers, ${w.months} months of shop traffic ` +
      `(${w.from.slice(0, 10)} to ${w.to.slice(0, 10)}), seed ${w.seed}`,
    `  ${n(w.messages)} messages: ${n(w.byKind.good)} events, ${n(w.byKind.malformed)} malformed, ` +
      `${n(w.byKind.duplicate)} re-sent duplicates`,
    `  simulate ${secs(t.simulate)} | aggregator replay ${secs(t.replay)} | live catch-up ${secs(t.liveCatchUp)} | ` +
      `history sink drain ${secs(t.sinkDrain)} | total ${secs(t.total)}`,
    '',
    ...distribution(`Customers by tier (${n(total)} profiles in Redis)`, profiles.tiers, total),
    '',
    ...distribution('Customers by loyalty stage', profiles.stages, total),
    '',
    ...distribution('Customers by churn risk', profiles.churn, total),
    '',
    `Tier changes sent to marketing automation: ${joined(outputs.tierChanges.byDirection)}`,
    '  latest upgrades',
    ...orNone(outputs.tierChanges.latestUpgrades.map(tierChangeLine)),
    '  latest downgrades',
    ...orNone(outputs.tierChanges.latestDowngrades.map(tierChangeLine)),
    `Churn-risk changes (win-back triggers): ${joined(outputs.churnChanges.byTransition)}`,
    '  latest',
    ...orNone(
      outputs.churnChanges.latest.map(
        (c) =>
          `    ${time(c.occurredAt)}  ${c.customerId}  ${c.previousLevel} -> ${c.newLevel}  (${c.drivers.join(', ') || 'no driver'})`,
      ),
    ),
    `Stage changes by new stage: ${joined(outputs.stageChanges.byNewStage)}`,
    `Pyramid level changes at ${n(outputs.pyramidChanges.epochs)} monthly epochs, by new level: ` +
      `${joined(outputs.pyramidChanges.byNewLevel)}; levels as last announced: ${joined(outputs.pyramidChanges.latestLevels)}`,
    '',
    ...(live === null
      ? ['Live: no customer below the top tier to try a live purchase with']
      : [
          `Live: at ${time(live.purchasedAt)} ${live.customerId} bought for ${(live.amountMinor / 100).toFixed(2)} ${live.currency}; ` +
            `profile tier ${live.tierBefore} -> ${live.tierAfter} ${secs(live.observedAfterMs)} later ` +
            `(allowed lateness ${secs(live.latenessMs)})`,
        ]),
    '',
    'Dead letters by reason (injected by the simulator / landed in ClickHouse)',
    ...deadLetterRows(w.byDefect, outputs.deadLetters.byReason),
    '',
    `Analysts (ClickHouse database ${run.clickhouseDatabase})`,
    `  80/20: the top 20% of ${n(reports.pareto.customers)} buying customers bring ${pct(reports.pareto.top20Share)} of net revenue`,
    `  RFM segments: ${reports.rfmSegments.map((s) => `${s.segment} ${n(s.customers)}`).join(', ')}`,
    '  basket pairs by lift',
    ...reports.basketPairs.map(
      (p) =>
        `    ${p.antecedent} + ${p.consequent}: lift ${p.lift.toFixed(2)}, confidence ${pct(p.confidence)}, ${n(p.orders)} orders`,
    ),
    reports.winBack.treated === 0
      ? '  win-back experiments: none whose 90 days have passed'
      : `  win-back experiments: ${pct(reports.winBack.treatedConversion)} of ${n(reports.winBack.treated)} treated ` +
        `and ${pct(reports.winBack.controlConversion)} of ${n(reports.winBack.control)} in control bought within 90 days` +
        (reports.winBack.upliftInterval === null
          ? ''
          : ` (uplift 95% interval ${pct(reports.winBack.upliftInterval.low)} to ${pct(reports.winBack.upliftInterval.high)})`),
    ...reports.serviceRecovery.map(
      (r) =>
        `  service recovery, ${r.windowDays} days: ${pct(r.retention)} of ${n(r.complaints)} complaints resolved 4-5 ` +
        `bought again, against ${pct(r.matchedRetention)} of matched customers: ${r.verdict}`,
    ),
    ...walletLines(reports.shareOfWallet),
    ...valuePyramidLines(reports.valuePyramid),
    ...pyramidSketchLines(summary.pyramidSketch),
    reports.clvModel.fitted
      ? `  CLV model (BG/NBD r ${reports.clvModel.bgnbd.r.toFixed(3)}, alpha ${reports.clvModel.bgnbd.alpha.toFixed(3)}, ` +
        `a ${reports.clvModel.bgnbd.a.toFixed(3)}, b ${reports.clvModel.bgnbd.b.toFixed(3)}) fitted to ${reports.clvModel.cutoff}: ` +
        `over the ${reports.clvModel.holdoutWeeks.toFixed(1)}-week hold-out it predicts ${n(Math.round(reports.clvModel.predictedRepeats))} ` +
        `repeat transactions, ${n(reports.clvModel.actualRepeats)} were made`
      : `  CLV model: not fitted (${reports.clvModel.reason})`,
    '',
    run.kept
      ? `Kept for exploring: CLICKHOUSE_DATABASE=${run.clickhouseDatabase} npx loyalty report cohorts, or ... npx loyalty dashboard`
      : 'The run removed its topics, Redis keys and database (--keep keeps them).',
  ];
  return lines.join('\n');
}

/** The share-of-wallet rows (all customers, then each band) as a small table. */
function walletLines(wallet: DemoSummary['reports']['shareOfWallet']): string[] {
  const { buyers, estimated } = wallet.coverage;
  const header =
    `  share of wallet (net spend of the last ${wallet.windowDays} days over the latest wallet estimate): ` +
    `${n(estimated)} of ${n(buyers)} buyers of those days have an estimate (${pct(buyers === 0 ? null : estimated / buyers)})`;
  const width = Math.max(...wallet.rows.map((row) => row.group.length));
  return [
    header,
    `    ${''.padEnd(width)} customers  own/segment   mean  median  Σspend/Σwallet  above 1  headroom (major units)`,
    ...wallet.rows.map(
      (row) =>
        `    ${row.group.padEnd(width)} ${n(row.customers).padStart(9)}  ${`${n(row.personal)}/${n(row.segment)}`.padStart(11)} ` +
        `${pct(row.meanShare).padStart(6)} ${pct(row.medianShare).padStart(7)} ${pct(row.aggregateShare).padStart(15)} ` +
        `${n(row.inconsistent).padStart(8)}  ${n(Math.round(row.headroomMinor / 100))}`,
    ),
  ];
}

function deadLetterRows(
  injected: Readonly<Record<string, number | undefined>>,
  landed: Readonly<Record<string, number>>,
): string[] {
  const reasons = [...new Set([...Object.keys(injected), ...Object.keys(landed)])].sort();
  if (reasons.length === 0) return ['  (none)'];
  const width = Math.max(...reasons.map((r) => r.length));
  return reasons.map(
    (reason) =>
      `  ${reason.padEnd(width)} ${n(injected[reason] ?? 0).padStart(7)} / ${n(landed[reason] ?? 0).padStart(7)}`,
  );
}

/** The value pyramid by exact rank, a row per level counted by service tier, and the disagreements. */
function valuePyramidLines(pyramid: DemoSummary['reports']['valuePyramid']): string[] {
  const tiers = ['platinum', 'gold', 'iron', 'lead', 'none'];
  const value = (v: number | null) =>
    v === null ? '-' : pyramid.measure === 'clv' ? v.toFixed(2) : n(Math.round(v / 100));
  return [
    `  value pyramid by exact rank (${pyramid.measure === 'clv' ? 'CLV' : '365-day net spend, major units'}) ` +
      'against the service tiers:',
    `    level      customers      from  ${tiers.map((t) => t.padStart(8)).join(' ')}`,
    ...pyramid.levels.map(
      (l) =>
        `    ${l.level.padEnd(9)} ${n(l.customers).padStart(10)} ${value(l.cutoff).padStart(9)}  ` +
        tiers.map((t) => n(l.byTier[t] ?? 0).padStart(8)).join(' '),
    ),
    `    placed differently: ${n(pyramid.underServed)} worth more than their tier says ` +
      `(${n(pyramid.topButLead)} platinum or gold by rank and lead by thresholds), ${n(pyramid.overServed)} less ` +
      '(loyalty report pyramid-mismatch names them)',
  ];
}

/** The live pyramid sketch against exact ranks: where each level starts by both, in customers. */
function pyramidSketchLines(check: DemoSummary['pyramidSketch']): string[] {
  const levels = check.levels
    .map((l) => `${l.level} ${n(l.exact)} exact / ${n(l.sketch)} live (rank error ${pct(l.rankError)})`)
    .join(', ');
  return [
    `  live value pyramid: the aggregator's sketch counts ${n(check.sketchCustomers)} customers in ${n(check.buckets)} buckets ` +
      `(the history: ${n(check.historyCustomers)}); at or above each level: ${levels}; ` +
      `${n(check.misplaced)} customers placed in another level than exact ranks place them`,
  ];
}
