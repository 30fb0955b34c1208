namespace SweepGrid.Contracts.Spec;

/// <summary>The distribution of a searched axis given as a range. Stored: never renumber.</summary>
[GenerateSerializer]
public enum RangeKind
{
    Uniform = 0,
    LogUniform = 1,
    IntUniform = 2,
    /// <summary>Integers, uniform in log space (widths, batch sizes).</summary>
    IntLogUniform = 3,
}
