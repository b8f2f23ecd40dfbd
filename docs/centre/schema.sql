-- Iceberg centre warehouse: run once as an administrator, e.g.
--   clickhouse-client --multiquery < schema.sql
-- Tested on ClickHouse 18.16 (Debian's package); written for current versions too (no
-- DateTime64, no window functions, no FILTER clause, no SQL users needed).

CREATE DATABASE IF NOT EXISTS iceberg;

-- One row per version of a click event. A click, its undo and each detail change are versions
-- of the same event_id with a larger `version`, so a retried or replayed upload never adds a
-- click: background merges keep the largest version, and report queries read with FINAL, which
-- does the same while reading, so they never rely on merges having run.
CREATE TABLE IF NOT EXISTS iceberg.click_events
(
    event_id UUID,
    -- Milliseconds since 1970 of the change this row describes; larger = newer.
    version UInt64,
    -- The click's instant in UTC (seconds) plus its milliseconds: DateTime64 is not in 18.16.
    occurred_at DateTime('UTC'),
    occurred_ms UInt16,
    -- The agent's UTC offset at click time, and the agent's local day, which is what reports count by.
    utc_offset_minutes Int16,
    day Date,
    agent_id String,
    site String,
    category_id String,
    -- Masked work-order reference; NULL when the page showed none.
    work_order_ref Nullable(String),
    -- 1 when the agent undid the click: it then counts nowhere but "voided".
    voided UInt8,
    voided_at Nullable(DateTime('UTC')),
    voided_ms UInt16,
    -- NULL when the agent did not say.
    ticket_raised Nullable(UInt8),
    -- '' when the agent did not say. Enums keep these small and quick to count; a later Iceberg
    -- with new values needs ALTER TABLE … MODIFY COLUMN with the longer list (see README.md).
    counting_rule Enum8('' = 0, 'customer-dissatisfied' = 1, 'company-at-fault' = 2, 'explanation-not-accepted' = 3),
    risk_grade Enum8('' = 0, 'ordinary' = 1, 'escalated' = 2, 'major' = 3),
    emotion Enum8('' = 0, 'calm' = 1, 'anxious' = 2, 'doubting' = 3, 'angry' = 4, 'disappointed' = 5),
    -- Set by the server: when the row arrived (or left the buffer).
    received_at DateTime('UTC') DEFAULT now()
)
-- The sorting key is what FINAL compares while reading: day and event_id only, as comparing
-- strings (agent_id) made every report about twice as slow to de-duplicate on 18.16.
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (day, event_id);

-- Absorbs many small inserts (thousands of browsers) into a few large ones. Rows are flushed
-- to click_events after 10 s once 10,000 rows or 10 MB have gathered, and after 60 s (or
-- 1,000,000 rows, or 100 MB) in any case. Rows in the buffer are lost if the server process
-- dies before the flush; on current versions prefer asynchronous inserts (see README.md).
CREATE TABLE IF NOT EXISTS iceberg.click_events_buffer AS iceberg.click_events
ENGINE = Buffer(iceberg, click_events, 2, 10, 60, 10000, 1000000, 10000000, 100000000);
