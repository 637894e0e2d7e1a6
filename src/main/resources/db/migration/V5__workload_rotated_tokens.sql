-- Every rotated-out workload token keeps its own grace period: one row each, instead of the single previous token of
-- the workloads row (whose columns are kept, unused, so that a replica still on the previous release keeps working
-- during a rolling update).
CREATE TABLE workload_rotated_tokens (
    token_hash VARCHAR(64) PRIMARY KEY,
    workload_name VARCHAR(63) NOT NULL REFERENCES workloads (name) ON DELETE CASCADE,
    valid_until TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX workload_rotated_tokens_workload ON workload_rotated_tokens (workload_name);

INSERT INTO workload_rotated_tokens (token_hash, workload_name, valid_until)
SELECT previous_token_hash, name, previous_token_valid_until FROM workloads
WHERE previous_token_hash IS NOT NULL AND previous_token_valid_until IS NOT NULL;

UPDATE workloads SET previous_token_hash = NULL, previous_token_valid_until = NULL;
