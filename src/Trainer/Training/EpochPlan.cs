using SweepGrid.Trainer.Determinism;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Training;

/// <summary>
/// The data order and evaluation chunks of every trainer, fused or not. Shared rather than repeated: they are part of
/// what makes a fused member's metrics those of its unfused trial, and of what makes a resumed trial continue exactly.
/// </summary>
internal static class EpochPlan
{
    /// <summary>Test examples per forward pass in evaluation.</summary>
    public const int EvalBatch = 2_000;

    private const ulong OrderPurpose = 0xDA7A;

    /// <summary>Epoch <paramref name="epoch"/>'s training order: a permutation drawn from (seed, epoch) alone.</summary>
    public static Tensor Order(long seed, int epoch, int count, Device device) =>
        tensor(SplitMix64.Permutation(count, SplitMix64.For(seed, OrderPurpose, (ulong)epoch)), device: device);
}
