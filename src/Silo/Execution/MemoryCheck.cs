using SweepGrid.Contracts.Spec;
using TorchSharp;

namespace SweepGrid.Silo.Execution;

/// <summary>
/// Refuses, before allocating anything, an attempt whose estimated memory exceeds what this silo has: an error with
/// the estimate (counted against max_failures, so another silo may try) instead of an out-of-memory kill of the
/// silo. CPU only: TorchSharp 0.107 exposes no CUDA memory query.
/// </summary>
public static class MemoryCheck
{
    /// <summary>Throws <see cref="InsufficientMemoryException"/> when the attempt cannot fit on <paramref name="device"/>.</summary>
    public static void Ensure(SweepSpec spec, int members, torch.Device device)
    {
        if (Problem(spec, members, device) is { } problem)
        {
            throw new InsufficientMemoryException(problem);
        }
    }

    /// <summary>Why the attempt does not fit on <paramref name="device"/>, or null (always null off the CPU).</summary>
    public static string? Problem(SweepSpec spec, int members, torch.Device device) =>
        device.type == DeviceType.CPU ? Problem(spec, members, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes) : null;

    /// <summary>Why <paramref name="members"/> trials of <paramref name="spec"/> do not fit in <paramref name="available"/> bytes, or null.</summary>
    public static string? Problem(SweepSpec spec, int members, long available)
    {
        var one = TrialMemory.Largest(spec);
        // Fused members share the dataset; everything else is per member.
        var need = ((one.Total - one.Data) * members) + one.Data;
        if (need <= available)
        {
            return null;
        }
        var who = members == 1 ? "the trial needs" : $"{members} fused trials need";
        return $"{who} {TrialMemory.Format(need)} (per trial {one}); this silo has {TrialMemory.Format(available)} of memory";
    }
}
