using SweepGrid.Contracts.Spec;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Silo.Execution;

/// <summary>One attempt handed to an executor: which trial, its spec and point, and the epochs already recorded.</summary>
public sealed record TrialJob(string SweepId, string TrialId, SweepSpec Spec, TrialPoint Point, int RecordedEpochs);
