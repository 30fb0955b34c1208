namespace SweepGrid.Trainer.Data;

/// <summary>One split of an image classification dataset: row-major 8-bit pixels and byte labels.</summary>
public sealed record DataSplit(byte[] Pixels, byte[] Labels, int Rows, int Columns)
{
    public int Count => Labels.Length;
    public int Features => Rows * Columns;
}

/// <summary>A dataset as the trainer consumes it, independent of where it came from.</summary>
public sealed record Dataset(string Name, DataSplit Train, DataSplit Test, int Classes)
{
    public int Features => Train.Features;

    /// <summary>Keeps the first <paramref name="train"/> / <paramref name="test"/> examples (smoke runs).</summary>
    public Dataset Take(int? train, int? test) => this with
    {
        Train = Slice(Train, train),
        Test = Slice(Test, test),
    };

    private static DataSplit Slice(DataSplit s, int? n)
    {
        if (n is null || n >= s.Count)
        {
            return s;
        }
        return s with
        {
            Pixels = s.Pixels.AsSpan(0, n.Value * s.Features).ToArray(),
            Labels = s.Labels.AsSpan(0, n.Value).ToArray(),
        };
    }
}
