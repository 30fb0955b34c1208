-- SweepGrid PostgreSQL schema, part 5: which release applied the schema.
--
-- One row holding a digest of every script in this folder, written by PostgresSchema after the scripts ran
-- (migrate, or a silo with SweepGrid:Schema=apply). A silo with SweepGrid:Schema=verify runs no DDL: it compares
-- this digest with its own scripts' and refuses to start on a schema another release created.

CREATE TABLE IF NOT EXISTS sweepgrid_schema_version
(
    -- Always true: the table has at most one row.
    singleton  boolean     NOT NULL PRIMARY KEY DEFAULT true CHECK (singleton),
    version    text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);
