namespace SweepGrid.Silo.Grains;

/// <summary>An early-stopping decision to stop a trial: at which decision epoch (rung), and why.</summary>
[GenerateSerializer, Immutable]
public sealed record StopRecord([property: Id(0)] int Epoch, [property: Id(1)] string Reason);
