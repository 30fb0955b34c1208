namespace SweepGrid.Contracts.Sweeps;

/// <summary>What <see cref="Grains.ISweepGrain.DeleteAsync"/> did: the trials it removed, or why it refused.</summary>
[GenerateSerializer, Immutable]
public sealed record DeleteResult([property: Id(0)] bool Deleted, [property: Id(1)] int Trials, [property: Id(2)] string? Refusal)
{
    public static DeleteResult Refused(string reason) => new(false, 0, reason);
}
