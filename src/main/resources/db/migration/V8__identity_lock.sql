-- One row whose lock (SELECT ... FOR UPDATE) every write of OIDC identity configuration takes before it checks it against
-- what is stored, until it commits: a workload with identity bindings (no binding may overlap another workload's, and
-- each names an existing issuer), an issuer (one issuer URL once) and an issuer's deletion (none while bound). Two such
-- writes are then serialised, in one broker and across replicas sharing the database, and the second sees the first.
CREATE TABLE identity_lock (
    id INT PRIMARY KEY
);

INSERT INTO identity_lock (id) VALUES (1);
