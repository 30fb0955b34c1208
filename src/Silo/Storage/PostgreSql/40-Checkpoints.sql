-- SweepGrid PostgreSQL schema, part 4: trial checkpoints (PostgresCheckpointStore).
--
-- One row per trial holding its latest checkpoint, so a trial that moves to another silo resumes
-- from the last completed epoch instead of starting over.

CREATE TABLE IF NOT EXISTS sweepgrid_checkpoint
(
    sweep_id   text        NOT NULL,
    trial_id   text        NOT NULL,
    epoch      integer     NOT NULL,
    payload    bytea       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sweep_id, trial_id)
);
