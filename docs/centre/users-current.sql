-- Iceberg's two users on a current ClickHouse (SQL users and grants; not in 18.16, which uses
-- clickhouse-users.xml instead). Run as an administrator after schema.sql, with your own
-- passwords. Not run by Iceberg's tests, which have only Debian's 18.16 to run against.

-- Agents' browsers: INSERT into the events table and nothing else. Asynchronous inserts let
-- the server gather the many small batches of a whole centre into a few parts; with
-- wait_for_async_insert = 1 a browser hears "OK" only once its rows are written, so an
-- acknowledged batch is never lost.
CREATE SETTINGS PROFILE IF NOT EXISTS iceberg_agent SETTINGS
    async_insert = 1,
    wait_for_async_insert = 1,
    async_insert_busy_timeout_ms = 5000;
CREATE USER IF NOT EXISTS iceberg_agent IDENTIFIED WITH sha256_password BY 'change me' SETTINGS PROFILE 'iceberg_agent';
GRANT INSERT ON iceberg.click_events TO iceberg_agent;

-- Team leads' dashboards: read the events, change nothing.
CREATE USER IF NOT EXISTS iceberg_report IDENTIFIED WITH sha256_password BY 'change me too' SETTINGS readonly = 1;
GRANT SELECT ON iceberg.click_events TO iceberg_report;

-- Optional, for plain (not asynchronous) inserts: a retried batch that arrives byte for byte
-- again is dropped at insert time instead of being collapsed later (reports count it once
-- either way).
ALTER TABLE iceberg.click_events MODIFY SETTING non_replicated_deduplication_window = 1000;
