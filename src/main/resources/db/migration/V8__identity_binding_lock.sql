-- One row whose lock (SELECT ... FOR UPDATE) every write of a workload with OIDC identity bindings takes before it
-- checks them against the other workloads' bindings, until it commits: two writes whose bindings overlap are then
-- serialised, in one broker and across replicas sharing the database, and the second sees the first and is refused.
CREATE TABLE identity_binding_lock (
    id INT PRIMARY KEY
);

INSERT INTO identity_binding_lock (id) VALUES (1);
