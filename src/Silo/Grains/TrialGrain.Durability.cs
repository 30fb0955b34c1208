using SweepGrid.Contracts.Grains;
using SweepGrid.Contracts.Sweeps;
using SweepGrid.Silo.Execution;
using SweepGrid.Silo.Hosting;
using SweepGrid.Silo.Storage;

namespace SweepGrid.Silo.Grains;

/// <summary>The trial grain's durability and lease-timeout machinery.</summary>
public sealed partial class TrialGrain
{
    /// <summary>Applies <paramref name="change"/> and writes; on failure restores what storage holds and re-reads it next time.</summary>
    private async Task CommitAsync(Action<TrialGrainState> change)
    {
        var before = Stored;
        var next = before.Copy();
        change(next);
        state.State = next;
        try
        {
            await state.WriteStateAsync();
            _stored = next;
        }
        catch (Exception e)
        {
            throw WriteFailed(before, e);
        }
    }

    /// <summary>
    /// A state written before epochs had a store of their own holds them in a list: move them to the store (entries
    /// first, as an epoch report does, so a failure in between only repeats the move) and keep their count.
    /// </summary>
    private async Task MoveLegacyEpochsAsync(CancellationToken ct)
    {
        if (S.LegacyEpochs.Count == 0)
        {
            return;
        }
        var legacy = S.LegacyEpochs.ToList();
        foreach (var epoch in legacy)
        {
            await epochs.AppendAsync(Key.SweepId, Key.TrialId, epoch, ct);
        }
        await CommitAsync(s =>
        {
            s.LegacyEpochs = [];
            foreach (var epoch in legacy)
            {
                s.Record(epoch);
            }
        });
    }

    /// <summary>Clears the stored state (the trial's sweep is being deleted), with the same failure handling as a commit.</summary>
    private async Task ClearAsync()
    {
        var before = Stored;
        try
        {
            await state.ClearStateAsync();
            _stored = state.State;
        }
        catch (Exception e)
        {
            throw WriteFailed(before, e);
        }
    }

    /// <summary>
    /// The write may have failed or only its answer may have been lost: either way the ETag is now uncertain, so this
    /// activation must not write again. The caller retries; the next activation reads the truth.
    /// </summary>
    private Exception WriteFailed(TrialGrainState before, Exception e)
    {
        state.State = before;
        this.DeactivateOnIdle();
        SiloLog.StateWriteFailed(logger, this.GetPrimaryKeyString(), TransientFaults.Describe(e));
        return StorageFaults.ForCaller(e, $"trial state of {this.GetPrimaryKeyString()}");
    }

    /// <summary>
    /// Catches a slot that went silent while its silo stays alive (its process hung, or it gave up on this
    /// grain while it was moving): the membership-based watchdog cannot see that case.
    /// </summary>
    private void WatchLease()
    {
        _lastContact = clock.GetUtcNow();
        var timeout = options.Value.LeaseTimeout;
        _leaseWatch ??= this.RegisterGrainTimer(async ct =>
        {
            if (S.State != TrialState.Running || S.LeaseId is not { } lease)
            {
                _leaseWatch?.Dispose();
                _leaseWatch = null;
                return;
            }
            var silent = clock.GetUtcNow() - _lastContact;
            if (silent > timeout)
            {
                SiloLog.LeaseExpired(logger, this.GetPrimaryKeyString(), S.Silo ?? "?", silent.TotalSeconds);
                try
                {
                    await RequeueAsync(lease, RequeueCause.SiloLost, $"no word from its slot for {silent.TotalSeconds:F0}s");
                }
                catch (Exception e) when (TransientFaults.Is(e))
                {
                    // Storage or the scheduler is away; the next tick (or the next activation) tries again.
                    SiloLog.ReconcileFailed(logger, this.GetPrimaryKeyString(), TransientFaults.Describe(e));
                }
            }
        }, timeout / 4, timeout / 4);
    }
}
