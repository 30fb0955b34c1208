using static TorchSharp.torch;

namespace SweepGrid.Trainer.GradCheck;

/// <summary>Running maxima of absolute and relative error over the tensors of one check.</summary>
internal sealed class ErrorAccumulator
{
    private double _maxAbs;
    private double _maxRel;

    public void Add(Tensor analytic, Tensor autograd)
    {
        if (!analytic.shape.SequenceEqual(autograd.shape))
        {
            throw new InvalidOperationException(
                $"analytic gradient has shape [{string.Join(',', analytic.shape)}], autograd [{string.Join(',', autograd.shape)}]");
        }
        using var scope = NewDisposeScope();
        var a = analytic.detach().to_type(ScalarType.Float64);
        var b = autograd.detach().to_type(ScalarType.Float64);
        var abs = (a - b).abs();
        var floor = GradientChecker.ScaleFloor * Math.Max(1.0, b.abs().max().item<double>());
        var denominator = maximum(maximum(a.abs(), b.abs()), full_like(a, floor));
        // Math.Max propagates NaN, so a NaN anywhere makes the check fail rather than vanish.
        _maxAbs = Math.Max(_maxAbs, abs.max().item<double>());
        _maxRel = Math.Max(_maxRel, (abs / denominator).max().item<double>());
    }

    public GradCheckResult Result(string name, int points, int resampled) => new(name, points, resampled, _maxAbs, _maxRel);
}
