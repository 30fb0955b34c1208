using SweepGrid.Trainer.Determinism;
using SweepGrid.Trainer.Model;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.GradCheck;

/// <summary>
/// Checks the closed-form derivatives in <see cref="Activations"/> and <see cref="Losses"/> against libtorch
/// autograd, in float64, at many seeded random points:
/// <list type="bullet">
/// <item>each activation: <see cref="Activations.Derivative"/> vs autograd of <see cref="Activations.Apply"/>;</item>
/// <item>each loss: <see cref="Losses.Gradient"/> vs autograd of <see cref="Losses.Compute"/> (random outputs and labels);</item>
/// <item>each loss after a linear layer and each activation, z = f(Wx + b): the hand chain rule
/// δ = ∂L/∂z ⊙ f′(Wx + b), ∂L/∂W = δᵀx, ∂L/∂b = Σ_batch δ, ∂L/∂x = δW vs autograd of all three.</item>
/// </list>
/// Non-differentiable points are avoided on purpose: exactly at a kink both sides happen to take the
/// subgradient 0, but a point a rounding error away may land on different sides of it in the two
/// computations, and a derivative there says nothing about the formula. So a point with ReLU's input, an L1 residual z − t or a hinge margin
/// within <see cref="KinkMargin"/> of 0 is redrawn, and so is one where a row of z has norm below
/// <see cref="MinCosineNorm"/> for cosine (undefined at z = 0). Huber needs no exclusion: its derivative is
/// continuous at |r| = δ. An L1 residual of 0 at a dead ReLU unit is not avoided: that output is constant
/// nearby, so the composition is differentiable there. How many points were redrawn is reported per check.
/// </summary>
public static class GradientChecker
{
    /// <summary>A check passes when its largest relative error is at most this.</summary>
    public const double Tolerance = 1e-8;

    /// <summary>
    /// Floor of the relative-error denominator, as a fraction of the gradient tensor's scale: its largest
    /// autograd entry, or 1 (the scale the points are drawn at) if that is smaller. Entries that cancel to
    /// almost nothing (a bias gradient summed over a batch, tanh′ deep in saturation, a cosine gradient at its
    /// minimum where a dead ReLU leaves z parallel to t) carry rounding noise of order 1e-16 of that scale,
    /// which against their own size looks like a 100% error. With the floor, any discrepancy above
    /// Tolerance × ScaleFloor = 1e-14 of the scale still fails, so a wrong formula cannot hide in small entries.
    /// </summary>
    public const double ScaleFloor = 1e-6;

    /// <summary>Points closer than this to a kink (ReLU at 0, L1 at z = t, hinge at margin 0) are redrawn.</summary>
    public const double KinkMargin = 1e-6;

    /// <summary>Cosine points with a row of z shorter than this are redrawn (the loss is undefined at z = 0).</summary>
    public const double MinCosineNorm = 1e-3;

    public const int DefaultPoints = 200;

    private const ulong Purpose = 0x6AC4;
    private const int MaxDraws = 1_000;

    /// <summary>Every activation, every loss, then every (loss, activation) composition: one row each.</summary>
    public static IReadOnlyList<GradCheckResult> RunAll(int points = DefaultPoints, long seed = 1, double huberDelta = 1.0)
    {
        var results = new List<GradCheckResult>();
        foreach (var activation in Enum.GetValues<ActivationKind>())
        {
            results.Add(CheckActivation(activation, points, seed));
        }
        foreach (var loss in Enum.GetValues<LossKind>())
        {
            results.Add(CheckLoss(loss, points, seed, huberDelta: huberDelta));
        }
        foreach (var loss in Enum.GetValues<LossKind>())
        {
            foreach (var activation in Enum.GetValues<ActivationKind>())
            {
                results.Add(CheckComposition(loss, activation, points, seed, huberDelta: huberDelta));
            }
        }
        return results;
    }

    /// <summary>
    /// f′ against autograd of f. Pass <paramref name="derivative"/> to check another formula than
    /// <see cref="Activations.Derivative"/> (e.g. a deliberately wrong one, to see the check fail).
    /// </summary>
    public static GradCheckResult CheckActivation(ActivationKind kind, int points, long seed, Func<Tensor, Tensor>? derivative = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        derivative ??= x => Activations.Derivative(kind, x);
        var sampler = new PointSampler(SplitMix64.For(seed, Purpose, (ulong)kind));
        var errors = new ErrorAccumulator();
        var resampled = 0;
        for (var p = 0; p < points; p++)
        {
            using var scope = NewDisposeScope();
            var x = Draw(() => sampler.Normal(3.0, sampler.Rows(), sampler.Classes()),
                a => Kinks.NearActivationKink(kind, a), ref resampled);
            var leaf = x.clone().requires_grad_(true);
            var viaAutograd = autograd.grad([Activations.Apply(kind, leaf).sum()], [leaf])[0];
            errors.Add(derivative(x), viaAutograd);
        }
        return errors.Result($"activation {Activations.Name(kind)}", points, resampled);
    }

    /// <summary>
    /// ∂L/∂z against autograd of the batch-mean loss, z ~ N(0, 2²) and uniform labels. Pass
    /// <paramref name="gradient"/> (z, labels → ∂L/∂z) to check another formula than <see cref="Losses.Gradient"/>.
    /// </summary>
    public static GradCheckResult CheckLoss(LossKind kind, int points, long seed, Func<Tensor, Tensor, Tensor>? gradient = null,
        double huberDelta = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        gradient ??= (z, y) => Losses.Gradient(kind, z, y, huberDelta);
        var sampler = new PointSampler(SplitMix64.For(seed, Purpose, 0x100 + (ulong)kind));
        var errors = new ErrorAccumulator();
        var resampled = 0;
        for (var p = 0; p < points; p++)
        {
            using var scope = NewDisposeScope();
            var (z, labels) = Draw(() =>
                {
                    var rows = sampler.Rows();
                    var classes = sampler.Classes();
                    return (sampler.Normal(2.0, rows, classes), sampler.Labels(rows, classes));
                },
                d => Kinks.NearLossKink(kind, d.Item1, d.Item2, ones_like(d.Item1, dtype: ScalarType.Bool)), ref resampled);
            var leaf = z.clone().requires_grad_(true);
            var viaAutograd = autograd.grad([Losses.Compute(kind, leaf, labels, huberDelta)], [leaf])[0];
            errors.Add(gradient(z, labels), viaAutograd);
        }
        return errors.Result($"loss {Losses.Name(kind)}", points, resampled);
    }

    /// <summary>
    /// The loss after a linear layer and an activation, z = f(xWᵀ + b) as in <see cref="Mlp"/>: the hand chain
    /// rule for ∂L/∂W, ∂L/∂b and ∂L/∂x against autograd. <paramref name="derivative"/> and
    /// <paramref name="gradient"/> replace the closed forms used in the chain, as in the single checks.
    /// </summary>
    public static GradCheckResult CheckComposition(LossKind loss, ActivationKind activation, int points, long seed,
        Func<Tensor, Tensor>? derivative = null, Func<Tensor, Tensor, Tensor>? gradient = null, double huberDelta = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        derivative ??= x => Activations.Derivative(activation, x);
        gradient ??= (z, y) => Losses.Gradient(loss, z, y, huberDelta);
        var sampler = new PointSampler(SplitMix64.For(seed, Purpose, 0x200 + ((ulong)loss * 0x10) + (ulong)activation));
        var errors = new ErrorAccumulator();
        var resampled = 0;
        for (var p = 0; p < points; p++)
        {
            using var scope = NewDisposeScope();
            var (x, w, b, labels) = Draw(() => DrawLayer(sampler), d =>
                {
                    var a = nn.functional.linear(d.X, d.W, d.B);
                    return Kinks.NearActivationKink(activation, a)
                        || Kinks.NearLossKink(loss, Activations.Apply(activation, a), d.Labels, Kinks.Live(activation, a));
                }, ref resampled);

            var pre = nn.functional.linear(x, w, b);
            var delta = gradient(Activations.Apply(activation, pre), labels) * derivative(pre);
            var handW = delta.t().matmul(x);
            var handB = delta.sum(dim: 0);
            var handX = delta.matmul(w);

            var (xl, wl, bl) = (x.clone().requires_grad_(true), w.clone().requires_grad_(true), b.clone().requires_grad_(true));
            var value = Losses.Compute(loss, Activations.Apply(activation, nn.functional.linear(xl, wl, bl)), labels, huberDelta);
            var viaAutograd = autograd.grad([value], [wl, bl, xl]);
            errors.Add(handW, viaAutograd[0]);
            errors.Add(handB, viaAutograd[1]);
            errors.Add(handX, viaAutograd[2]);
        }
        return errors.Result($"{Losses.Name(loss)}({Activations.Name(activation)}(Wx+b))", points, resampled);
    }

    private static (Tensor X, Tensor W, Tensor B, Tensor Labels) DrawLayer(PointSampler sampler)
    {
        var rows = sampler.Rows();
        var inputs = sampler.Inputs();
        var classes = sampler.Classes();
        // Pre-activations of roughly unit scale: both saturated and linear regions of tanh/sigmoid, and
        // live and dead ReLU units, occur often.
        return (sampler.Normal(1.0, rows, inputs), sampler.Normal(1.5 / Math.Sqrt(inputs), classes, inputs),
            sampler.Normal(0.5, classes), sampler.Labels(rows, classes));
    }

    private static T Draw<T>(Func<T> draw, Func<T, bool> nearKink, ref int resampled)
    {
        for (var i = 0; i < MaxDraws; i++)
        {
            var point = draw();
            if (!nearKink(point))
            {
                return point;
            }
            resampled++;
        }
        throw new InvalidOperationException($"no point away from the kinks in {MaxDraws} draws");
    }
}
