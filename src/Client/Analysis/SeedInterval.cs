namespace SweepGrid.Client.Analysis;

/// <summary>
/// The winner's score over its seeds: each completed seed scored alone by the rule, their mean and a 95% Student-t
/// interval (mean ± t·s/√n), which says how much of the choice could be seed noise.
/// </summary>
public sealed record SeedInterval(int Seeds, double Mean, double Low, double High);
