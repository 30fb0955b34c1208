namespace SweepGrid.Tests.Postgres;

/// <summary>State the probe grain persists through the ADO.NET grain storage.</summary>
[GenerateSerializer]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }

    [Id(1)]
    public int Writes { get; set; }
}
