using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Contracts.Grains;

/// <summary>
/// A trial created (or reopened) for a submission, and what its sweep must queue for it: <see cref="Queue"/> when it
/// waits for a slot (at the front of the queue when <see cref="Front"/>: it has epochs to resume from).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialReady([property: Id(0)] TrialSummary Info, [property: Id(1)] QueuedTrial? Queue, [property: Id(2)] bool Front);
