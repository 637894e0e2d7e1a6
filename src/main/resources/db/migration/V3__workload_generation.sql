-- A workload's generation: a random id given when the workload is created and never reused, so that a workload
-- deleted and created again under the same name (its version starting at 1 again) is a different workload to the
-- issued-credentials cache. Rows created before this column existed get an id no new workload can have.
ALTER TABLE workloads ADD COLUMN generation VARCHAR(36);
UPDATE workloads SET generation = 'v0-' || name;
ALTER TABLE workloads ALTER COLUMN generation SET NOT NULL;
