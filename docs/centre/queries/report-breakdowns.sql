-- Clicks by counting rule, risk grade and emotion over the report's days, as the dashboard's
-- breakdowns show them (one row). A detail the agent left out counts as "unspecified"; undone
-- clicks count nowhere. FINAL and the filters as in report-rows.sql.
--
-- Parameters: {from:Date}, {to:Date}, {agent_ids:Array(String)}, {sites:Array(String)},
-- {category_ids:Array(String)}, as in report-rows.sql.
SELECT
    countIf(voided = 0 AND counting_rule = 'customer-dissatisfied') AS rule_customer_dissatisfied,
    countIf(voided = 0 AND counting_rule = 'company-at-fault') AS rule_company_at_fault,
    countIf(voided = 0 AND counting_rule = 'explanation-not-accepted') AS rule_explanation_not_accepted,
    countIf(voided = 0 AND counting_rule = '') AS rule_unspecified,
    countIf(voided = 0 AND risk_grade = 'ordinary') AS risk_ordinary,
    countIf(voided = 0 AND risk_grade = 'escalated') AS risk_escalated,
    countIf(voided = 0 AND risk_grade = 'major') AS risk_major,
    countIf(voided = 0 AND risk_grade = '') AS risk_unspecified,
    countIf(voided = 0 AND emotion = 'calm') AS emotion_calm,
    countIf(voided = 0 AND emotion = 'anxious') AS emotion_anxious,
    countIf(voided = 0 AND emotion = 'doubting') AS emotion_doubting,
    countIf(voided = 0 AND emotion = 'angry') AS emotion_angry,
    countIf(voided = 0 AND emotion = 'disappointed') AS emotion_disappointed,
    countIf(voided = 0 AND emotion = '') AS emotion_unspecified
FROM click_events FINAL
WHERE day >= {from:Date} AND day <= {to:Date}
    AND (empty({agent_ids:Array(String)}) OR has({agent_ids:Array(String)}, agent_id))
    AND (empty({sites:Array(String)}) OR has({sites:Array(String)}, site))
    AND (empty({category_ids:Array(String)}) OR has({category_ids:Array(String)}, category_id))
