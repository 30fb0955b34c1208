namespace SweepGrid.Contracts.Search;

/// <summary>
/// One axis of a search space. Categorical dimensions use <paramref name="Choices"/> and ignore the bounds;
/// Float and Int dimensions use [<paramref name="Low"/>, <paramref name="High"/>], in log space when <paramref name="Log"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SearchDimension(
    [property: Id(0)] string Name,
    [property: Id(1)] DimensionKind Kind,
    [property: Id(2)] double Low,
    [property: Id(3)] double High,
    [property: Id(4)] bool Log,
    [property: Id(5)] int Choices)
{
    /// <summary>A categorical dimension over <paramref name="choices"/> indices.</summary>
    public static SearchDimension Categorical(string name, int choices) => new(name, DimensionKind.Categorical, 0, choices - 1, false, choices);

    /// <summary>A real dimension in [low, high], log-uniform when <paramref name="log"/>.</summary>
    public static SearchDimension Float(string name, double low, double high, bool log = false) => new(name, DimensionKind.Float, low, high, log, 0);

    /// <summary>An integer dimension in [low, high], log-uniform when <paramref name="log"/>.</summary>
    public static SearchDimension Int(string name, long low, long high, bool log = false) => new(name, DimensionKind.Int, low, high, log, 0);

    /// <summary>Whether <paramref name="value"/> is a value this dimension can produce.</summary>
    public bool Contains(double value) => Kind switch
    {
        DimensionKind.Categorical => value >= 0 && value < Choices && value == Math.Floor(value),
        DimensionKind.Int => value >= Low && value <= High && value == Math.Floor(value),
        _ => value >= Low && value <= High,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming this dimension when its settings cannot be sampled.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("A search dimension needs a name.");
        }
        switch (Kind)
        {
            case DimensionKind.Categorical:
                if (Choices < 1)
                {
                    throw new ArgumentException($"Search dimension '{Name}': a categorical dimension needs at least one choice, got {Choices}.");
                }
                break;
            case DimensionKind.Float:
            case DimensionKind.Int:
                if (!double.IsFinite(Low) || !double.IsFinite(High) || Low > High)
                {
                    throw new ArgumentException($"Search dimension '{Name}': needs finite bounds with low <= high, got [{Low}, {High}].");
                }
                if (Kind == DimensionKind.Int && (Low != Math.Floor(Low) || High != Math.Floor(High)))
                {
                    throw new ArgumentException($"Search dimension '{Name}': integer bounds must be integers, got [{Low}, {High}].");
                }
                if (Log && (Kind == DimensionKind.Float ? Low <= 0 : Low < 1))
                {
                    throw new ArgumentException($"Search dimension '{Name}': a log dimension needs low > 0 (>= 1 for integers), got {Low}.");
                }
                break;
            default:
                throw new ArgumentException($"Search dimension '{Name}': unknown kind {Kind}.");
        }
    }
}
