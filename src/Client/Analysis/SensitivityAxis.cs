using System.Collections.Immutable;

namespace SweepGrid.Client.Analysis;

/// <summary>
/// One searched hyperparameter: every trial's final metric against its value (stopped trials at the epoch they
/// stopped), on a log axis where the axis is logarithmic (a log range, or listed values spanning more than a decade).
/// </summary>
/// <param name="Low">The searched range's (or the listed values') lower end.</param>
/// <param name="High">The upper end.</param>
public sealed record SensitivityAxis(string Axis, bool Log, double Low, double High, ImmutableArray<SensitivityPoint> Points);
