namespace SweepGrid.Trainer.GradCheck;

/// <summary>Everything <see cref="WorkedExample.Run"/> computes: the forward pass, the gradients, the SGD step.</summary>
/// <param name="W31">The weight from input 3 to hidden unit 1 used (unreadable in the source; see <see cref="WorkedExample.DefaultW31"/>).</param>
/// <param name="LearningRate">SGD step size.</param>
/// <param name="Hidden">Pre-activations h1, h2 (no biases: h_j = Σ_i x_i w_ij).</param>
/// <param name="Sigmoids">Hidden activations s_j = σ(h_j).</param>
/// <param name="Output">f = v1 s1 + v2 s2 (linear output, no bias).</param>
/// <param name="Loss">L = (target − f)².</param>
/// <param name="DLossDf">∂L/∂f = −2(target − f) by hand.</param>
/// <param name="DLossDfAutograd">∂L/∂f from autograd.</param>
/// <param name="Gradients">v1, v2, then w11, w21, w31, w12, w22, w32.</param>
/// <param name="LossAfterStep">L at the updated weights (same input and target).</param>
public sealed record WorkedExampleResult(
    double W31,
    double LearningRate,
    IReadOnlyList<double> Hidden,
    IReadOnlyList<double> Sigmoids,
    double Output,
    double Loss,
    double DLossDf,
    double DLossDfAutograd,
    IReadOnlyList<WorkedGradient> Gradients,
    double LossAfterStep)
{
    /// <summary>Largest |hand − autograd| over ∂L/∂f and every parameter gradient.</summary>
    public double MaxDifference =>
        Gradients.Select(g => Math.Abs(g.Hand - g.Autograd)).Append(Math.Abs(DLossDf - DLossDfAutograd)).Max();
}
