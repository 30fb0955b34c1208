namespace SweepGrid.Testing;

/// <summary>
/// One injected fault: when, what it hit, and how long until the next epoch was recorded where it counts
/// (the hit trials on a live silo; anywhere after the database's return). Null when none came within the timeout.
/// </summary>
public sealed record FaultRecord(ChaosFault Fault, DateTime At, string Detail, double? RecoverySeconds);
