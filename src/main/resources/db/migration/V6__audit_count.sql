-- Identical issuance failures of one workload within credbroker.audit.coalesce-interval share one row: count is how
-- many failures it stands for (1 for every other event).
ALTER TABLE audit_events ADD COLUMN count BIGINT DEFAULT 1 NOT NULL;

-- Retention pruning (credbroker.audit.retention) finds the rows past it by time, without scanning the table.
CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at);
