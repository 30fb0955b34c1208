namespace SweepGrid.Silo.Storage.PostgreSql;

/// <summary>
/// The objects the schema scripts create and what the silos do with them: the one list that migrate grants from and
/// verify checks against (a test holds it equal to what the scripts really create).
/// </summary>
internal static class SchemaCatalog
{
    private static readonly string[] ReadWrite = ["SELECT", "INSERT", "UPDATE", "DELETE"];

    /// <summary>
    /// Silos only read the query texts and the version marker: the providers execute what orleansquery holds, so a
    /// silo able to rewrite it could change what every other silo runs.
    /// </summary>
    public static readonly IReadOnlyList<SchemaTable> Tables =
    [
        new("orleansquery", "SELECT"),
        new("orleans_membership_version", ReadWrite),
        new("orleans_membership", ReadWrite),
        new("orleans_grain_state", ReadWrite),
        new("orleans_reminder", ReadWrite),
        new("sweepgrid_checkpoint", ReadWrite),
        new("sweepgrid_epoch", ReadWrite),
        new("sweepgrid_schema_version", "SELECT"),
    ];

    /// <summary>The functions the query texts call (SECURITY INVOKER: they run with the silo's own rights).</summary>
    public static readonly IReadOnlyList<string> Functions =
        ["orleans_membership_insert", "orleans_membership_update", "orleans_grain_state_write"];

    /// <summary>
    /// Every query key the three Orleans ADO.NET providers load (CleanupDefunctSiloEntryKey and DeleteStorageKey are
    /// optional for them, but we ship both).
    /// </summary>
    public static readonly IReadOnlyList<string> QueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    /// <summary>The table holding the digest of the scripts that built the schema.</summary>
    public const string VersionTable = "sweepgrid_schema_version";
}
