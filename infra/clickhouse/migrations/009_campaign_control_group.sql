-- The experiment a campaign response belongs to (`controlGroup` in campaign-response v1):
-- 1 when the customer is in the campaign's control group (the control version, without the
-- offer), 0 when the customer got the treatment, NULL when the campaign has no control group
-- and for every row stored before this migration. `loyalty report win-back-uplift` compares
-- the two groups.
--
-- 18.16 has no ADD COLUMN IF NOT EXISTS; the runner counts "column already exists" as done
-- (migrate.ts), as for 008.

ALTER TABLE campaign_responses ADD COLUMN control_group Nullable(UInt8);
