namespace SweepGrid.Tests.Postgres;

/// <summary>What the probe grain's persistent state looks like from inside the grain.</summary>
[GenerateSerializer]
public sealed record ProbeSnapshot([property: Id(0)] string? Value, [property: Id(1)] int Writes, [property: Id(2)] string? ETag, [property: Id(3)] bool RecordExists);
