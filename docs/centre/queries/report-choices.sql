-- What the dashboard's filters can offer for the centre: every agent and site that uploaded,
-- and the first and last day with clicks. `events` is 0 when nothing was uploaded yet.
SELECT
    arraySort(groupUniqArray(agent_id)) AS agent_ids,
    arraySort(groupUniqArray(site)) AS sites,
    toString(min(day)) AS first_day,
    toString(max(day)) AS last_day,
    count() AS events
FROM click_events
