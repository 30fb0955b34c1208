namespace SweepGrid.Silo.Hosting;

/// <summary>Names of the grain storage providers.</summary>
public static class StorageNames
{
    /// <summary>What grains use: the provider below, wrapped in <see cref="Storage.ResilientGrainStorage"/>.</summary>
    public const string Default = "sweepgrid";

    /// <summary>The storage provider itself (PostgreSQL through ADO.NET, or files).</summary>
    public const string Provider = "sweepgrid-provider";
}
