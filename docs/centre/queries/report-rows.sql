-- Day × category counts: what the Iceberg dashboard's "centre" source reads, the same rows the
-- browser's report engine builds from its own log (the dashboard computes TOP-10, change,
-- trends and anomalies from them exactly as it does locally). The counting rule, risk and
-- emotion breakdowns are in report-breakdowns.sql: the previous period and the anomaly
-- baseline need only these three counts, and the dashboard runs both queries at once.
--
-- FINAL makes each event count once, as its latest version, whether or not ClickHouse has
-- merged its versions yet. It is safe to filter on day, agent_id, site and category_id before
-- that: they never change between the versions of an event. Undone clicks count only as
-- voided.
--
-- Parameters, in ClickHouse's query-parameter syntax (Iceberg substitutes them itself, as
-- 18.16 has no query parameters):
--   {from:Date}, {to:Date}          inclusive, the agents' local days
--   {agent_ids:Array(String)}       [] = every agent
--   {sites:Array(String)}           [] = every site
--   {category_ids:Array(String)}    [] = every category (give sub-categories explicitly)
-- Iceberg leaves out a filter whose list is empty: 18.16 would test it on every row anyway.
SELECT
    day,
    category_id,
    countIf(voided = 0) AS clicks,
    countIf(voided = 0 AND ifNull(ticket_raised, 0) = 1) AS tickets,
    countIf(voided = 1) AS voided_clicks
FROM click_events FINAL
WHERE day >= {from:Date} AND day <= {to:Date}
    AND (empty({agent_ids:Array(String)}) OR has({agent_ids:Array(String)}, agent_id))
    AND (empty({sites:Array(String)}) OR has({sites:Array(String)}, site))
    AND (empty({category_ids:Array(String)}) OR has({category_ids:Array(String)}, category_id))
GROUP BY day, category_id
ORDER BY day, category_id
