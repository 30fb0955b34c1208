-- SweepGrid PostgreSQL schema, part 2: grain state (Microsoft.Orleans.Persistence.AdoNet).
--
-- Contract (from the provider): every query receives @GrainIdHash, @GrainIdN0, @GrainIdN1,
-- @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString (NULL when the grain key has no
-- extension) and @ServiceId; writes and clears also receive @GrainStateVersion (the ETag, NULL when
-- the grain never saw a stored row) and writes @PayloadBinary.
-- Reads return PayloadBinary and Version. Writes return NewGrainStateVersion; clears and deletes
-- return the new version as their only column. Returning the caller's own ETag, NULL or no row at
-- all makes the provider throw InconsistentStateException, which is how stale writers are stopped.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id      text        NOT NULL,
    grain_type_hash integer     NOT NULL,
    grain_id_hash   integer     NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_id_ext    text        NULL,
    -- NULL after a clear: the row stays so its version keeps guarding against stale writers.
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per grain state. The hashes lead so lookups narrow quickly; the NULL test and COALESCE
-- make "no extension" and "empty extension" distinct keys while still being unique (a plain UNIQUE
-- would let two NULL-extension rows coexist, i.e. a split-brain double insert).
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_key
    ON orleans_grain_state (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1,
                            grain_type, (grain_id_ext IS NULL), (coalesce(grain_id_ext, '')));

-- Writes one state. With no ETag only a first insert may succeed; with an ETag only the row still
-- at that version is updated. Any other outcome returns the caller's ETag (or NULL), which the
-- provider reports as a version conflict.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_grain_id_hash   integer,
    p_grain_id_n0     bigint,
    p_grain_id_n1     bigint,
    p_grain_type_hash integer,
    p_grain_type      text,
    p_grain_id_ext    text,
    p_service_id      text,
    p_version         integer,
    p_payload         bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new_version integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO orleans_grain_state
            (service_id, grain_type_hash, grain_id_hash, grain_type, grain_id_n0, grain_id_n1,
             grain_id_ext, payload, version)
        VALUES
            (p_service_id, p_grain_type_hash, p_grain_id_hash, p_grain_type, p_grain_id_n0,
             p_grain_id_n1, p_grain_id_ext, p_payload, 1)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            RETURN 1;
        END IF;
        RETURN NULL;
    END IF;

    UPDATE orleans_grain_state
       SET payload = p_payload, version = version + 1, modified_at = now()
     WHERE service_id = p_service_id
       AND grain_type_hash = p_grain_type_hash
       AND grain_id_hash = p_grain_id_hash
       AND grain_id_n0 = p_grain_id_n0
       AND grain_id_n1 = p_grain_id_n1
       AND grain_type = p_grain_type
       AND grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext
       AND version = p_version
    RETURNING version INTO v_new_version;
    IF FOUND THEN
        RETURN v_new_version;
    END IF;
    RETURN p_version;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
(
    'WriteToStorageKey',
    $q$
    SELECT orleans_grain_state_write(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
        AS "NewGrainStateVersion";
    $q$
),
(
    'ReadFromStorageKey',
    $q$
    SELECT payload AS "PayloadBinary",
           version AS "Version"
      FROM orleans_grain_state
     WHERE service_id = @ServiceId
       AND grain_type_hash = @GrainTypeHash
       AND grain_id_hash = @GrainIdHash
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString;
    $q$
),
(
    -- Clearing keeps the row and bumps its version (see the payload column).
    'ClearStorageKey',
    $q$
    UPDATE orleans_grain_state
       SET payload = NULL, version = version + 1, modified_at = now()
     WHERE service_id = @ServiceId
       AND grain_type_hash = @GrainTypeHash
       AND grain_id_hash = @GrainIdHash
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version AS "NewGrainStateVersion";
    $q$
),
(
    -- Used instead of ClearStorageKey when the provider runs with DeleteStateOnClear. The provider
    -- expects the deleted version + 1 so that it differs from the caller's ETag.
    'DeleteStorageKey',
    $q$
    DELETE FROM orleans_grain_state
     WHERE service_id = @ServiceId
       AND grain_type_hash = @GrainTypeHash
       AND grain_id_hash = @GrainIdHash
       AND grain_id_n0 = @GrainIdN0
       AND grain_id_n1 = @GrainIdN1
       AND grain_type = @GrainTypeString
       AND grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version + 1 AS "NewGrainStateVersion";
    $q$
)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
