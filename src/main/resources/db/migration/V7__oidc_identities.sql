-- OIDC workload identity (issue 15): issuers declared through the admin API (those from configuration are not stored),
-- and on each workload the bindings that prove it and whether it has a static cbw_ token at all.
CREATE TABLE issuers (
    name VARCHAR(63) PRIMARY KEY,
    definition VARCHAR(32768) NOT NULL,
    version BIGINT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE workloads ADD COLUMN identities VARCHAR(32768);
ALTER TABLE workloads ADD COLUMN static_token BOOLEAN DEFAULT TRUE NOT NULL;
