-- SweepGrid PostgreSQL schema, part 3: reminders (Microsoft.Orleans.Reminders.AdoNet).
--
-- Contract (from the provider): parameters @ServiceId, @GrainId, @ReminderName, @StartTime,
-- @Period (milliseconds; sent as integer or bigint), @GrainHash, @BeginHash, @EndHash (uint hashes
-- reinterpreted as signed integers) and @Version; rows are read as GrainId, ReminderName,
-- StartTime, Period (read as a 64-bit integer) and Version (the reminder's ETag).

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders whose grain hash falls in its slice of the ring.
CREATE INDEX IF NOT EXISTS orleans_reminder_ring ON orleans_reminder (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'UpsertReminderRowKey',
    $q$
    INSERT INTO orleans_reminder
        (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
        SET start_time = EXCLUDED.start_time,
            period_ms  = EXCLUDED.period_ms,
            grain_hash = EXCLUDED.grain_hash,
            version    = orleans_reminder.version + 1
    RETURNING version AS "Version";
    $q$
),
(
    'ReadReminderRowsKey',
    $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId AND grain_id = @GrainId;
    $q$
),
(
    'ReadReminderRowKey',
    $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
    $q$
),
(
    -- Ring range (BeginHash, EndHash] that does not wrap around in signed order.
    'ReadRangeRows1Key',
    $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
    $q$
),
(
    -- Ring range that wraps around (also the whole ring, when BeginHash = EndHash).
    'ReadRangeRows2Key',
    $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period_ms AS "Period", version AS "Version"
      FROM orleans_reminder
     WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
    $q$
),
(
    -- Deletes only the version the caller holds; the count tells the provider whether it did.
    'DeleteReminderRowKey',
    $q$
    WITH deleted AS (
        DELETE FROM orleans_reminder
         WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
           AND version = @Version
        RETURNING 1)
    SELECT count(*)::integer FROM deleted;
    $q$
),
(
    'DeleteReminderRowsKey',
    $q$
    DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
