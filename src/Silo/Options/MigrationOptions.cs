namespace SweepGrid.Silo.Options;

/// <summary>
/// What <c>SweepGrid.SiloHost migrate</c> does (configuration section "SweepGrid:Migrate", environment variables
/// SweepGrid__Migrate__*): apply the schema as its owner and, optionally, give the silos' role exactly the rights
/// they need.
/// </summary>
public sealed class MigrationOptions
{
    public const string Section = SweepGridSiloOptions.Section + ":Migrate";

    /// <summary>
    /// The schema owner's connection string: a role that may create tables and functions in the database (and, to
    /// create the silo role, has CREATEROLE). When empty, SweepGrid:PostgresConnectionString is used, which suits a
    /// development database where one role does everything.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The role the silos log in as (e.g. sweepgrid_silo). When set, migrate grants it CONNECT on the database, USAGE
    /// on the schema, the table rights the Orleans providers and the checkpoint store use and EXECUTE on SweepGrid's
    /// functions, and revokes any other right it holds on them. Empty: only the schema is applied.
    /// </summary>
    public string? SiloRole { get; set; }

    /// <summary>
    /// The silo role's password. Given: the role is created as a LOGIN role when missing, or gets this password when
    /// present. Omitted: the role must already exist (created by whoever administers the server). Only its SCRAM
    /// verifier is sent to the server, so it appears in no server log; printable ASCII without spaces.
    /// </summary>
    public string? SiloPassword { get; set; }

    /// <summary>A file holding <see cref="SiloPassword"/> (a mounted secret); one trailing line break is ignored.</summary>
    public string? SiloPasswordFile { get; set; }
}
