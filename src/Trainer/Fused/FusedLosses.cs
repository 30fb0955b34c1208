using SweepGrid.Trainer.Model;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// The losses of <see cref="Losses.Compute"/> for K members at once: outputs z [K, B, C] against one label
/// vector [B] give a [K] vector whose entry k is member k's batch-mean loss. Each case is the same per-example
/// formula as <see cref="Losses.Compute"/>, with the class sum taken over dim 2 and the batch mean over dim 1,
/// so entry k equals <c>Losses.Compute(kind, z[k], labels)</c> up to summation order.
/// </summary>
internal static class FusedLosses
{
    public static Tensor PerMember(LossKind kind, Tensor z, Tensor labels, double huberDelta = 1.0)
    {
        var members = z.shape[0];
        var batch = z.shape[1];
        var classes = z.shape[2];
        if (kind == LossKind.CrossEntropy)
        {
            // Rows of all members as one [K·B, C] batch: the same kernel unfused training uses, unreduced.
            var rows = nn.functional.cross_entropy(z.reshape(members * batch, classes), labels.repeat(members), reduction: nn.Reduction.None);
            return rows.view(members, batch).mean([1]);
        }
        // One-hot targets [B, C] broadcast over the members.
        var t = nn.functional.one_hot(labels, classes).to_type(z.dtype);
        switch (kind)
        {
            case LossKind.Hinge:
                {
                    var zy = z.gather(2, labels.view(1, batch, 1).expand(members, batch, 1));
                    var margins = nn.functional.relu(1 - zy + z) * (1 - t);
                    return margins.sum(2).mean([1]) / classes;
                }
            case LossKind.L1:
                return (z - t).abs().sum(2).mean([1]);
            case LossKind.Huber:
                {
                    var r = z - t;
                    var a = r.abs();
                    var quadratic = 0.5 * r * r;
                    var linear = huberDelta * (a - (0.5 * huberDelta));
                    return where(a.le(huberDelta), quadratic, linear).sum(2).mean([1]);
                }
            case LossKind.L2:
                {
                    var r = z - t;
                    return (r * r).sum(2).mean([1]);
                }
            case LossKind.Cosine:
                {
                    var cos = (z * t).sum(2) / (z.norm(2, false, 2) * t.norm(1, false, 2));
                    return (1 - cos).mean([1]);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
