-- The lead list filters on last activity (the latest conversation or call) as it does on
-- the created and updated times: the lead index gains its key, in the same fixed-width
-- UTC text. Null for a lead with no activity, which no activity range then matches.
--
-- The triggers copy `SELECT * FROM lead_index_rows` into lead_index, so the view is
-- redefined with the new column last, where ALTER TABLE puts it.
ALTER TABLE lead_index ADD COLUMN activity_key TEXT;

DROP VIEW lead_index_rows;
CREATE VIEW lead_index_rows AS
SELECT id, deleted AS hidden,
       json_extract(data, '$.stage') AS stage,
       json_extract(data, '$.assignedAgent') AS agent,
       json_extract(data, '$.source') AS source,
       '|' || lower(coalesce((SELECT group_concat(value, '|') FROM json_each(data, '$.tags')), '')) || '|' AS tags,
       lower(json_extract(data, '$.name')) AS name_key,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(data, '$.createdAt')) AS created_key,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(data, '$.updatedAt')) AS updated_key,
       concat_ws(' ', json_extract(data, '$.name'),
                 (SELECT group_concat(value, ' ') FROM json_each(data, '$.emails')),
                 (SELECT group_concat(value, ' ') FROM json_each(data, '$.tags')),
                 json_extract(data, '$.notes')) AS search,
       coalesce((SELECT group_concat(value, ' ') FROM json_each(data, '$.phones')), '') AS phones,
       strftime('%Y-%m-%dT%H:%M:%fZ', json_extract(data, '$.lastActivityAt')) AS activity_key
  FROM records WHERE entity = 'lead';

UPDATE lead_index
   SET activity_key = (SELECT activity_key FROM lead_index_rows r WHERE r.id = lead_index.id);
