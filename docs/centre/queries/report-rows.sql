-- Day × category counts: what the Iceberg dashboard's "centre" source reads, the same rows the
-- browser's report engine builds from its own log (the dashboard computes TOP-10, change,
-- trends and anomalies from them exactly as it does locally).
--
-- Each event counts once, as its latest version (argMax by version), whether or not ClickHouse
-- has merged the versions yet. Undone clicks count only as voided. A detail the agent left
-- out counts as "unspecified". ifNull keeps a cleared ticket flag from being skipped by argMax,
-- and the inner columns are named latest_* because 18.16 lets an outer alias shadow them.
--
-- Parameters, in ClickHouse's query-parameter syntax (Iceberg substitutes them itself, as
-- 18.16 has no query parameters):
--   {from:Date}, {to:Date}          inclusive, the agents' local days
--   {agent_ids:Array(String)}       [] = every agent
--   {sites:Array(String)}           [] = every site
--   {category_ids:Array(String)}    [] = every category (give sub-categories explicitly)
SELECT
    toString(day) AS day,
    category_id,
    countIf(latest_voided = 0) AS clicks,
    countIf(latest_voided = 0 AND latest_ticket = 1) AS tickets,
    countIf(latest_voided = 1) AS voided,
    countIf(latest_voided = 0 AND latest_rule = 'customer-dissatisfied') AS rule_customer_dissatisfied,
    countIf(latest_voided = 0 AND latest_rule = 'company-at-fault') AS rule_company_at_fault,
    countIf(latest_voided = 0 AND latest_rule = 'explanation-not-accepted') AS rule_explanation_not_accepted,
    countIf(latest_voided = 0 AND latest_rule = '') AS rule_unspecified,
    countIf(latest_voided = 0 AND latest_risk = 'ordinary') AS risk_ordinary,
    countIf(latest_voided = 0 AND latest_risk = 'escalated') AS risk_escalated,
    countIf(latest_voided = 0 AND latest_risk = 'major') AS risk_major,
    countIf(latest_voided = 0 AND latest_risk = '') AS risk_unspecified,
    countIf(latest_voided = 0 AND latest_emotion = 'calm') AS emotion_calm,
    countIf(latest_voided = 0 AND latest_emotion = 'anxious') AS emotion_anxious,
    countIf(latest_voided = 0 AND latest_emotion = 'doubting') AS emotion_doubting,
    countIf(latest_voided = 0 AND latest_emotion = 'angry') AS emotion_angry,
    countIf(latest_voided = 0 AND latest_emotion = 'disappointed') AS emotion_disappointed,
    countIf(latest_voided = 0 AND latest_emotion = '') AS emotion_unspecified
FROM
(
    SELECT
        day,
        category_id,
        argMax(voided, version) AS latest_voided,
        argMax(ifNull(ticket_raised, 0), version) AS latest_ticket,
        argMax(counting_rule, version) AS latest_rule,
        argMax(risk_grade, version) AS latest_risk,
        argMax(emotion, version) AS latest_emotion
    FROM click_events
    WHERE day >= {from:Date} AND day <= {to:Date}
        AND (empty({agent_ids:Array(String)}) OR has({agent_ids:Array(String)}, agent_id))
        AND (empty({sites:Array(String)}) OR has({sites:Array(String)}, site))
        AND (empty({category_ids:Array(String)}) OR has({category_ids:Array(String)}, category_id))
    GROUP BY day, category_id, event_id
)
GROUP BY day, category_id
ORDER BY day, category_id
