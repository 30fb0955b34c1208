namespace SweepGrid.Testing;

/// <summary>An epoch of a trial first seen recorded at <paramref name="SeenAt"/>, while its trial ran on <paramref name="Silo"/>.</summary>
public sealed record EpochSighting(string TrialId, int Epoch, string? Silo, DateTime SeenAt);
