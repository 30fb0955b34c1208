namespace SweepGrid.Contracts.Search;

/// <summary>How a <see cref="SearchDimension"/> is sampled and what its values mean.</summary>
[GenerateSerializer]
public enum DimensionKind
{
    /// <summary>A value is a choice index 0..<see cref="SearchDimension.Choices"/>-1.</summary>
    Categorical,
    /// <summary>A real value in [Low, High]; with Log it is sampled and modelled in log space (Low &gt; 0).</summary>
    Float,
    /// <summary>An integer in [Low, High]; with Log it is sampled and modelled in log space (Low &gt;= 1).</summary>
    Int,
}
