using SweepGrid.Trainer.Determinism;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.GradCheck;

/// <summary>
/// Random float64 points for gradient checks, drawn from our own seeded generator so a seed gives the same
/// points on every machine. Shapes vary per point (batch 1–8, classes 2–10, inputs 1–6) so that batch
/// averaging and class counts are exercised, not just one layout.
/// </summary>
internal sealed class PointSampler(SplitMix64 rng)
{
    private SplitMix64 _rng = rng;

    public int Rows() => 1 + _rng.NextInt(8);

    public int Classes() => 2 + _rng.NextInt(9);

    public int Inputs() => 1 + _rng.NextInt(6);

    /// <summary>Independent N(0, scale²) entries.</summary>
    public Tensor Normal(double scale, params long[] shape)
    {
        var count = shape.Aggregate(1L, (n, d) => n * d);
        var values = new double[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = scale * _rng.NextGaussian();
        }
        return tensor(values, shape, ScalarType.Float64);
    }

    /// <summary>Uniform class labels in [0, classes), int64 as the losses expect.</summary>
    public Tensor Labels(int rows, int classes)
    {
        var values = new long[rows];
        for (var i = 0; i < rows; i++)
        {
            values[i] = _rng.NextInt(classes);
        }
        return tensor(values, [rows]);
    }
}
