using Orleans.Storage;
using SweepGrid.Contracts.Grains;
using SweepGrid.Silo.Execution;

namespace SweepGrid.Silo.Storage;

/// <summary>What a grain throws to its caller after a failed state write or read.</summary>
internal static class StorageFaults
{
    /// <summary>
    /// Orleans wraps provider errors ("Error from storage provider …") around the original exception, which may have no
    /// codec; callers get one serializable, transient exception that says what failed, and never the provider's object.
    /// ETag conflicts stay as they are: Orleans' own type, and the caller's retry re-reads.
    /// </summary>
    public static Exception ForCaller(Exception e, string what)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is InconsistentStateException)
            {
                return x;
            }
            if (x is StorageUnavailableException)
            {
                return new StorageUnavailableException(x.Message);
            }
        }
        return new StorageUnavailableException($"could not write {what}: {TransientFaults.Describe(e.InnerException ?? e)}");
    }
}
