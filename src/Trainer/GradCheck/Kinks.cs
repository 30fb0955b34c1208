using SweepGrid.Trainer.Model;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.GradCheck;

/// <summary>
/// Where the activations and losses are not differentiable, so that gradient checks can sample away from
/// those points (at a kink the closed form and autograd may legitimately pick different subgradients).
/// </summary>
internal static class Kinks
{
    /// <summary>ReLU is not differentiable at 0; tanh and sigmoid are smooth everywhere.</summary>
    public static bool NearActivationKink(ActivationKind kind, Tensor preActivation) =>
        kind == ActivationKind.Relu && preActivation.abs().min().item<double>() < GradientChecker.KinkMargin;

    /// <summary>
    /// Entries of f(a) that move when a moves. A dead ReLU output is exactly 0 whatever a &lt; 0 does, so a
    /// loss kink met there (L1 at z = t = 0) is not a kink of the composed function and need not be avoided.
    /// </summary>
    public static Tensor Live(ActivationKind kind, Tensor preActivation) =>
        kind == ActivationKind.Relu ? preActivation.gt(0) : ones_like(preActivation, dtype: ScalarType.Bool);

    /// <summary>
    /// True when z is within <see cref="GradientChecker.KinkMargin"/> of a non-differentiable point of the
    /// loss: L1 at z_j = t_j (live entries only), hinge at a margin 1 − z_y + z_j = 0 (j ≠ y), and cosine
    /// when a row of z has norm below <see cref="GradientChecker.MinCosineNorm"/> (undefined at z = 0).
    /// Cross-entropy and L2 are smooth; Huber is continuously differentiable at |r| = δ (both branches give
    /// ±δ there), so it needs no exclusion.
    /// </summary>
    public static bool NearLossKink(LossKind kind, Tensor z, Tensor labels, Tensor live)
    {
        using var scope = NewDisposeScope();
        var t = nn.functional.one_hot(labels, z.shape[1]).to_type(z.dtype);
        switch (kind)
        {
            case LossKind.L1:
                {
                    var distance = where(live, (z - t).abs(), full_like(z, double.PositiveInfinity));
                    return distance.min().item<double>() < GradientChecker.KinkMargin;
                }
            case LossKind.Hinge:
                {
                    var margins = 1 - z.gather(1, labels.unsqueeze(1)) + z;
                    var distance = where(t.eq(1), full_like(z, double.PositiveInfinity), margins.abs());
                    return distance.min().item<double>() < GradientChecker.KinkMargin;
                }
            case LossKind.Cosine:
                return z.norm(1, false, 2).min().item<double>() < GradientChecker.MinCosineNorm;
            default:
                return false;
        }
    }
}
