export type { ClvCalibrationRow } from './clv/clv-calibration.js';
export { clvCalibration } from './clv/clv-calibration.js';
export { fitClvFromHistory } from './clv/fit-from-history.js';
export { calibrationData, modelFitHistory } from './clv/model-check.js';
export { modelFitRow, recordModelFit } from './clv/model-fits.js';
export { createClickHouseClient, ensureDatabase, openDatabase } from './connection.js';
export type { CustomerColumns } from './erasure/customer-columns.js';
export { CUSTOMER_COLUMNS } from './erasure/customer-columns.js';
export type { RowErasure, TableErasure } from './erasure/erase-customer-rows.js';
export { eraseCustomerRows } from './erasure/erase-customer-rows.js';
export { erasureTombstones, recordErasureStep } from './erasure/erasure-audit.js';
export {
  ClickHouseRowsRefusedError,
  clickHouseErrorCode,
  clickHouseFailure,
  clickHouseInsertFailure,
  isClickHouseAuthError,
  isRetriableClickHouseError,
  isRowsRefusedError,
  isUnmigratedError,
} from './errors.js';
export { insertRows } from './insert.js';
export type { AppliedMigration, MigrationOutcome } from './migrations/migrate.js';
export { appliedMigrations, migrate } from './migrations/migrate.js';
export type { Migration } from './migrations/migration-files.js';
export { MIGRATIONS_DIR, readMigrations } from './migrations/migration-files.js';
export type { MutationWait } from './mutations.js';
export { waitForMutations } from './mutations.js';
export { runCommand, selectRows } from './query.js';
export type { BasketRule } from './reports/basket.js';
export { basketReport } from './reports/basket.js';
export type { ChurnRow } from './reports/churn.js';
export { churnReport } from './reports/churn.js';
export type { CohortRow } from './reports/cohorts.js';
export { cohortsReport } from './reports/cohorts.js';
export type { TimelineEntry } from './reports/customer-timeline.js';
export { customerTimeline } from './reports/customer-timeline.js';
export type { DeadLetterRow as DeadLetterReportRow } from './reports/dead-letters.js';
export { deadLettersReport } from './reports/dead-letters.js';
export { type HistoryFreshness, historyFreshness } from './reports/history-freshness.js';
export type { ReportDefinition, ReportName } from './reports/index.js';
export { isReportName, REPORTS } from './reports/index.js';
export type { LoyaltyLadder } from './reports/loyalty-ladder.js';
export { loyaltyLadderReport } from './reports/loyalty-ladder.js';
export type { ParetoPoint, ParetoReport } from './reports/pareto.js';
export { paretoReport } from './reports/pareto.js';
export type { ReportContext } from './reports/report-context.js';
export { reportContext } from './reports/report-context.js';
export type { Cell, ReportTable } from './reports/report-table.js';
export type { RfmRow } from './reports/rfm.js';
export { rfmReport } from './reports/rfm.js';
export type { RfmSegment } from './reports/rfm-scores.js';
export { quintileScores, RFM_SEGMENTS, rfmSegment } from './reports/rfm-scores.js';
export {
  type ServiceRecoveryRow,
  serviceRecoveryReport,
  type Verdict,
} from './reports/service-recovery.js';
export {
  type ShareOfWallet,
  type ShareOfWalletRow,
  shareOfWalletReport,
  type WalletCoverage,
  type WalletRules,
} from './reports/share-of-wallet.js';
export type { TierFlowRow } from './reports/tier-flow.js';
export { tierFlowReport } from './reports/tier-flow.js';
export type { TierPyramidRow } from './reports/tier-pyramid.js';
export { tierPyramidReport } from './reports/tier-pyramid.js';
export type { TimeRange } from './reports/time-range.js';
export { dayRange, parseDay } from './reports/time-range.js';
export {
  type PyramidLevelRow,
  type PyramidMismatch,
  type PyramidShares,
  pyramidMismatchReport,
  type RankedCustomer,
  type ValuePyramid,
  valuePyramidAndMismatches,
  valuePyramidReport,
  yearSpendValues,
} from './reports/value-pyramid.js';
export type { WinBackRow } from './reports/win-back.js';
export { winBackReport } from './reports/win-back.js';
export { type UpliftRow, winBackUpliftReport } from './reports/win-back-uplift.js';
export type { ServerVersion } from './server-version.js';
export { finalQuerySettings, parseServerVersion, serverVersion } from './server-version.js';
export {
  fitsDateTime,
  integerLiteral,
  isIdentifier,
  quoteIdentifier,
  quoteString,
  toClickHouseDateTime,
} from './sql.js';
export type {
  CampaignResponseRow,
  ChurnSignalRow,
  ComplaintRow,
  DeadLetterRow,
  ErasureRow,
  ModelFitRow,
  PurchaseLineRow,
  PurchaseRow,
  RowOf,
  StageChangeRow,
  TableName,
  TableRows,
  TierChangeRow,
  WalletEstimateRow,
} from './tables.js';
export { TABLES } from './tables.js';
export type { JsonInteger } from './values.js';
export { toSafeInteger } from './values.js';
