-- The erasure audit (`loyalty customer erase`), which is also the history sink's list of
-- tombstones. It holds no personal data: the customer is named by subject_hash, the
-- HMAC-SHA256 of the id under LOYALTY_ERASURE_SECRET (hex), so only someone holding the
-- secret and an id can find that customer's erasure.
--
-- Each erasure writes two rows: step 'started' before anything is deleted (the sink starts
-- dropping the customer's old events from then on, and a crash mid-way leaves a trace), and
-- step 'completed' with what was removed and what was found left when the command checked.
-- erased_at_ms is the exact cut-off (events at or before it are erased); erased_at is the same
-- moment to the second, to read and to partition by. A row inserted twice (a retry after a lost
-- acknowledgement) collapses on its key.
CREATE TABLE IF NOT EXISTS erasures
(
    subject_hash String,
    erased_at_ms UInt64,
    erased_at DateTime('UTC'),
    step String,
    erased_by String,
    redis_keys_deleted UInt32,
    redis_timers_removed UInt32,
    rows_deleted UInt64,
    values_cleared UInt64,
    redis_remaining UInt32,
    rows_remaining UInt64,
    ingested_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(erased_at)
ORDER BY (subject_hash, erased_at_ms, step);
