-- SweepGrid PostgreSQL schema, part 4b: recorded epochs (PostgresEpochStore).
--
-- One row per trial and epoch, inserted as the epoch is recorded, so an epoch costs one small row however long
-- the trial has run (the trial's grain state keeps only the count, which is the truth: see IEpochStore).

CREATE TABLE IF NOT EXISTS sweepgrid_epoch
(
    sweep_id           text             NOT NULL,
    trial_id           text             NOT NULL,
    epoch              integer          NOT NULL,
    train_loss         double precision NOT NULL,
    train_accuracy     double precision NOT NULL,
    test_loss          double precision NOT NULL,
    test_accuracy      double precision NOT NULL,
    seconds            double precision NOT NULL,
    samples_per_second double precision NOT NULL,
    recorded_at        timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (sweep_id, trial_id, epoch)
);
