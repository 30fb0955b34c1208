namespace SweepGrid.Trainer.Training;

/// <summary>How one member of a <see cref="TrainingSession"/> ended.</summary>
/// <param name="Verdict">For <see cref="SessionEndKind.Stopped"/>: the verdict that stopped it.</param>
/// <param name="Error">For <see cref="SessionEndKind.Failed"/>: what the host threw.</param>
public sealed record SessionEnd(SessionEndKind Kind, string? Message, double WeightNorm, EpochVerdict? Verdict = null, Exception? Error = null);
