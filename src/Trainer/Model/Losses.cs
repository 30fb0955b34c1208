using static TorchSharp.torch;

namespace SweepGrid.Trainer.Model;

/// <summary>
/// Losses over a batch of outputs z ∈ ℝ^{B×C} and labels y (t = one-hot(y)). Each is a per-example loss
/// averaged over the batch; <see cref="Gradient"/> gives ∂L/∂z of that batch mean in closed form.
/// <list type="bullet">
/// <item>cross_entropy: ℓ = −log softmax(z)_y; ∂ℓ/∂z = softmax(z) − t.</item>
/// <item>hinge (multi-class, Weston–Watkins as torch's multi_margin_loss): ℓ = Σ_{j≠y} max(0, 1 − z_y + z_j) / C;
/// ∂ℓ/∂z_j = [m_j &gt; 0]/C for j ≠ y, ∂ℓ/∂z_y = −Σ_{j≠y}[m_j &gt; 0]/C. At m_j = 0 the subgradient 0 is used.</item>
/// <item>l1: ℓ = Σ_j |z_j − t_j|; ∂ℓ/∂z = sign(z − t), with sign(0) = 0 (the subgradient PyTorch uses).</item>
/// <item>huber(δ): per element r = z − t, ½r² for |r| ≤ δ else δ(|r| − ½δ); ∂ = r for |r| ≤ δ else δ·sign(r).
/// Both branches give ±δ at |r| = δ, so the derivative is continuous there and no convention is needed.</item>
/// <item>l2: ℓ = Σ_j (z_j − t_j)²; ∂ℓ/∂z = 2(z − t).</item>
/// <item>cosine: ℓ = 1 − z·t / (‖z‖‖t‖); ∂ℓ/∂z = −t/(‖z‖‖t‖) + (z·t) z/(‖z‖³‖t‖). Undefined at z = 0, which
/// the network never outputs exactly in practice; gradcheck samples away from it.</item>
/// </list>
/// </summary>
public static class Losses
{
    public static readonly IReadOnlyDictionary<string, LossKind> ByName = new Dictionary<string, LossKind>(StringComparer.Ordinal)
    {
        ["cross_entropy"] = LossKind.CrossEntropy,
        ["hinge"] = LossKind.Hinge,
        ["l1"] = LossKind.L1,
        ["huber"] = LossKind.Huber,
        ["l2"] = LossKind.L2,
        ["cosine"] = LossKind.Cosine,
    };

    public static string Name(LossKind kind) => ByName.First(p => p.Value == kind).Key;

    /// <summary>
    /// Batch-mean loss, built from differentiable tensor operations (autograd trains through it). Outputs z [B, C]
    /// give a scalar; a fused group's z [K, B, C] against the same labels [B] gives [K], entry k the loss of member k,
    /// by the same operations in the same order (classes are the last dimension, the batch the one before).
    /// </summary>
    public static Tensor Compute(LossKind kind, Tensor z, Tensor labels, double huberDelta = 1.0)
    {
        if (kind == LossKind.CrossEntropy)
        {
            if (z.dim() == 2)
            {
                return nn.functional.cross_entropy(z, labels);
            }
            // Rows of all members as one [K·B, C] batch: the same kernel, unreduced, then each member's mean.
            var (members, rows, width) = (z.shape[0], z.shape[1], z.shape[2]);
            return nn.functional.cross_entropy(z.reshape(members * rows, width), labels.repeat(members), reduction: nn.Reduction.None)
                .view(members, rows).mean([1]);
        }
        var batch = z.shape[^2];
        var classes = z.shape[^1];
        // One-hot targets [B, C], broadcast over the members of a group.
        var t = nn.functional.one_hot(labels, classes).to_type(z.dtype);
        switch (kind)
        {
            case LossKind.Hinge:
                {
                    var index = labels.view(batch, 1);
                    var zy = z.dim() == 2 ? z.gather(1, index) : z.gather(2, index.unsqueeze(0).expand(z.shape[0], batch, 1));
                    var margins = nn.functional.relu(1 - zy + z) * (1 - t);
                    return margins.sum(-1).mean([-1]) / classes;
                }
            case LossKind.L1:
                return (z - t).abs().sum(-1).mean([-1]);
            case LossKind.Huber:
                {
                    var r = z - t;
                    var a = r.abs();
                    var quadratic = 0.5 * r * r;
                    var linear = huberDelta * (a - (0.5 * huberDelta));
                    return where(a.le(huberDelta), quadratic, linear).sum(-1).mean([-1]);
                }
            case LossKind.L2:
                {
                    var r = z - t;
                    return (r * r).sum(-1).mean([-1]);
                }
            case LossKind.Cosine:
                {
                    var cos = (z * t).sum(-1) / (z.norm(-1, false, 2) * t.norm(-1, false, 2));
                    return (1 - cos).mean([-1]);
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>∂(batch-mean loss)/∂z in closed form, not autograd (see the class remarks for each formula).</summary>
    public static Tensor Gradient(LossKind kind, Tensor z, Tensor labels, double huberDelta = 1.0)
    {
        var batch = z.shape[0];
        var classes = z.shape[1];
        var t = nn.functional.one_hot(labels, classes).to_type(z.dtype);
        Tensor perExample;
        switch (kind)
        {
            case LossKind.CrossEntropy:
                perExample = z.softmax(1) - t;
                break;
            case LossKind.Hinge:
                {
                    var zy = z.gather(1, labels.unsqueeze(1));
                    var active = (1 - zy + z).gt(0).to_type(z.dtype) * (1 - t);
                    perExample = (active - (t * active.sum(1, keepdim: true))) / classes;
                    break;
                }
            case LossKind.L1:
                perExample = (z - t).sign();
                break;
            case LossKind.Huber:
                {
                    var r = z - t;
                    perExample = where(r.abs().le(huberDelta), r, huberDelta * r.sign());
                    break;
                }
            case LossKind.L2:
                perExample = 2 * (z - t);
                break;
            case LossKind.Cosine:
                {
                    var zn = z.norm(1, true, 2);
                    var tn = t.norm(1, true, 2);
                    var dot = (z * t).sum(1, keepdim: true);
                    perExample = -(t / (zn * tn)) + (dot * z / (zn.pow(3) * tn));
                    break;
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
        return perExample / batch;
    }
}
