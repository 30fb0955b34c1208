-- SweepGrid PostgreSQL schema, part 0: the Orleans query table.
--
-- The Orleans ADO.NET providers issue no SQL of their own. At start-up each one runs
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- (unquoted, so PostgreSQL folds it to orleansquery/querykey/querytext) and from then on executes only
-- the texts it finds under the keys it knows. The later scripts store those texts here.
--
-- Every script in this folder is idempotent: PostgresSchema runs all of them at every silo start,
-- inside one transaction under an advisory lock. Query texts are upserted, so a corrected query
-- reaches the database with the next deployment without a migration step.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);
