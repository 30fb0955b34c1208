using Npgsql;
using Orleans.Storage;
using SweepGrid.Silo.Grains;

namespace SweepGrid.Tests.Cluster.Faults;

/// <summary>
/// Sits where the PostgreSQL provider would: fails trial-state writes as the plan says, with the exception Npgsql
/// raises when the server is gone (which has no Orleans codec).
/// </summary>
internal sealed class FaultyGrainStorage(IGrainStorage inner, FaultPlan plan) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.State is TrialGrainState trial && plan.WriteFails(TrialCallFilter.CurrentMethod.Value, trial.EpochCount))
        {
            throw new NpgsqlException("Exception while connecting (injected: the database is restarting)");
        }
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
