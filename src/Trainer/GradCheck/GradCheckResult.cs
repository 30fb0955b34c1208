namespace SweepGrid.Trainer.GradCheck;

/// <summary>
/// One gradient check: a closed-form gradient compared with autograd at <paramref name="Points"/> random points.
/// Errors are maxima over every gradient entry at every point; the relative error of an entry is
/// |a − b| / max(|a|, |b|, <see cref="GradientChecker.ScaleFloor"/> · max(1, max|b|)) for analytic a and
/// autograd b, the inner maximum taken over the gradient tensor the entry belongs to.
/// </summary>
/// <param name="Name">Which check, e.g. <c>activation relu</c>, <c>loss hinge</c>, <c>l1(tanh(Wx+b))</c>.</param>
/// <param name="Points">Random points compared (after resampling).</param>
/// <param name="Resampled">Points drawn within <see cref="GradientChecker.KinkMargin"/> of a non-differentiable
/// point (or near z = 0 for cosine) and replaced by a fresh draw.</param>
/// <param name="MaxAbsError">Largest |analytic − autograd|.</param>
/// <param name="MaxRelError">Largest relative error; NaN when either side produced NaN (which fails).</param>
public sealed record GradCheckResult(string Name, int Points, int Resampled, double MaxAbsError, double MaxRelError)
{
    /// <summary>Relative error within <see cref="GradientChecker.Tolerance"/>; false for NaN.</summary>
    public bool Passed => MaxRelError <= GradientChecker.Tolerance;
}
