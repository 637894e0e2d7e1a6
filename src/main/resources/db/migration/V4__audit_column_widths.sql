-- An admin request's audit event names whatever the path held, valid or not: room for names well past the
-- 63 characters a valid one has, and for the request path of a route that matched nothing. Longer values are cut
-- to fit with a marker (JdbcAuditLog). 256 keeps an indexed value within PostgreSQL's B-tree entry limit in UTF-8.
ALTER TABLE audit_events ALTER COLUMN workload SET DATA TYPE VARCHAR(256);
ALTER TABLE audit_events ALTER COLUMN action SET DATA TYPE VARCHAR(256);
