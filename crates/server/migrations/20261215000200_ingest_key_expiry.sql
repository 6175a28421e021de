-- The retention pass forgets integration posts' answers once no retry can need them
-- (leads::ingest::KEY_KEPT_DAYS), so the table does not keep every post ever made.
GRANT DELETE ON ingest_requests TO brokerdesk_app;
