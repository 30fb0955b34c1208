namespace SweepGrid.Testing;

/// <summary>A fault the soak injects mid-sweep.</summary>
public enum ChaosFault
{
    /// <summary>kill -9 of a silo that is training (preferring trials not hit before), restarted at once.</summary>
    KillRandomSilo,
    /// <summary>kill -9 of the silo hosting the scheduler grain, restarted at once.</summary>
    KillSchedulerHost,
    /// <summary>PostgreSQL stopped immediately, then started again after the outage.</summary>
    RestartPostgres,
    /// <summary>kill -9 of every silo at once, all restarted.</summary>
    KillWholeCluster,
}
