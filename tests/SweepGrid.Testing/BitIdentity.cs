using System.Collections.Immutable;
using SweepGrid.Contracts.Sweeps;

namespace SweepGrid.Testing;

/// <summary>
/// Compares every trial's per-epoch metrics (train/test loss and accuracy) with a reference run's, exactly:
/// on CPU a resumed trial must train the very same floats as one never interrupted.
/// </summary>
public static class BitIdentity
{
    /// <summary>One line per difference; empty when every trial of the reference matches bit for bit.</summary>
    public static ImmutableArray<string> Differences(IReadOnlyCollection<TrialInfo> reference, IReadOnlyCollection<TrialInfo> actual)
    {
        var byId = actual.ToDictionary(t => t.TrialId);
        var diffs = ImmutableArray.CreateBuilder<string>();
        foreach (var r in reference)
        {
            if (!byId.TryGetValue(r.TrialId, out var a))
            {
                diffs.Add($"{r.TrialId}: missing from the chaos run");
                continue;
            }
            if (r.Epochs.Length != a.Epochs.Length)
            {
                diffs.Add($"{r.TrialId}: {a.Epochs.Length} epochs, reference {r.Epochs.Length}");
            }
            foreach (var (re, ae) in r.Epochs.Zip(a.Epochs))
            {
                Compare(diffs, r.TrialId, re, ae);
            }
        }
        return diffs.ToImmutable();
    }

    private static void Compare(ImmutableArray<string>.Builder diffs, string trial, EpochRecord r, EpochRecord a)
    {
        void Check(string name, double want, double got)
        {
            if (BitConverter.DoubleToInt64Bits(want) != BitConverter.DoubleToInt64Bits(got))
            {
                diffs.Add($"{trial} epoch {r.Epoch}: {name} {got:R}, reference {want:R}");
            }
        }
        if (r.Epoch != a.Epoch)
        {
            diffs.Add($"{trial}: epoch {a.Epoch} where the reference has epoch {r.Epoch}");
            return;
        }
        Check("train_loss", r.TrainLoss, a.TrainLoss);
        Check("train_accuracy", r.TrainAccuracy, a.TrainAccuracy);
        Check("test_loss", r.TestLoss, a.TestLoss);
        Check("test_accuracy", r.TestAccuracy, a.TestAccuracy);
    }
}
