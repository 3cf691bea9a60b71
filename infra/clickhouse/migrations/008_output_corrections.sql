-- The correction flag of the aggregator's outputs (`correction` in tier-changed, stage-changed
-- and churn-risk): 1 when late input rewrote the history and the event corrects what
-- subscribers were told (previous_* is the value last announced, occurred_at is since when the
-- corrected value holds, so it can be earlier than that of events stored before it); 0 for an
-- ordinary change, and for every row stored before this migration.
--
-- A correction's occurred_at says nothing of the order the events were announced in: to read
-- a customer's latest value, order by ingested_at first (see packages/clickhouse/src/reports).
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS, so a second process migrating at the same time gets
-- "column already exists"; the runner counts that as done (migrate.ts). One column per
-- statement, so that a statement either adds its column or finds it there.

ALTER TABLE tier_changes ADD COLUMN correction UInt8 DEFAULT 0;

ALTER TABLE stage_changes ADD COLUMN correction UInt8 DEFAULT 0;

ALTER TABLE churn_signals ADD COLUMN correction UInt8 DEFAULT 0;
