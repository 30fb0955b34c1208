using SweepGrid.Trainer.Optim;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// <see cref="Sgd"/> for stacked parameters [K, …], with each member's learning rate, momentum, Nesterov flag
/// and weight decay as a [K, 1, 1] tensor, so member k takes exactly the step its unfused optimizer would.
/// Momentum buffers start at zero and are always updated as b ← μb + g: on the first step that is g (as
/// torch.optim.SGD's b ← g), and for μ = 0 it is g every step, so one formula covers every member without a
/// per-member branch. Members whose flag in the active mask is false get no update: a masked member with a
/// finite state (one cancelled) keeps its parameters and buffers bit for bit; a diverged one's non-finite values
/// stay in its own slices, since every operation here is elementwise per member.
/// </summary>
internal sealed class FusedSgd : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _momentum;
    private readonly Tensor _lr;
    private readonly Tensor _mu;
    private readonly NesterovMembers _nesterov;
    private readonly Tensor _nesterovMask;
    private readonly Tensor _nesterovGradient;
    private readonly Tensor _weightDecay;
    private readonly Tensor _zero;
    private readonly Tensor _one;
    private readonly Tensor _negativeLr;
    private readonly Tensor _nesterovMomentum;

    private readonly double[] _lrValues;
    private readonly double[] _momentumValues;
    private readonly bool[] _nesterovValues;
    private readonly double[] _weightDecayValues;

    /// <param name="momentumBuffers">The buffers to start from (a slice's copy of another optimizer's); null: new zero buffers.</param>
    public FusedSgd(IReadOnlyList<Tensor> parameters, IReadOnlyList<double> lr, IReadOnlyList<double> momentum,
        IReadOnlyList<bool> nesterov, IReadOnlyList<double> weightDecay, IReadOnlyList<Tensor>? momentumBuffers = null)
    {
        _parameters = [.. parameters];
        (_lrValues, _momentumValues, _nesterovValues, _weightDecayValues) = ([.. lr], [.. momentum], [.. nesterov], [.. weightDecay]);
        var first = _parameters[0];
        var k = first.shape[0];
        if (lr.Count != k || momentum.Count != k || nesterov.Count != k || weightDecay.Count != k)
        {
            throw new ArgumentException($"expected {k} values of every hyperparameter");
        }
        _momentum = momentumBuffers is null ? [.. _parameters.Select(p => zeros_like(p).requires_grad_(false))] : [.. momentumBuffers];
        _lr = PerMember(lr, first);
        _mu = PerMember(momentum, first);
        _weightDecay = PerMember(weightDecay, first);
        _nesterov = nesterov.All(n => n) ? NesterovMembers.All : nesterov.Any(n => n) ? NesterovMembers.Some : NesterovMembers.None;
        _nesterovMask = tensor(nesterov.ToArray(), [k, 1, 1], device: first.device);
        _nesterovGradient = PerMember([.. nesterov.Select(n => n ? 1.0 : 0.0)], first);
        _zero = zeros([], dtype: first.dtype, device: first.device);
        _one = ones([], dtype: first.dtype, device: first.device);
        // What the masked step's where() calls give when every member is active, computed once.
        _negativeLr = _lr.neg();
        _nesterovMomentum = where(_nesterovMask, _mu, _one);
    }

    /// <summary>
    /// The optimizer of <see cref="FusedMlp.Slice"/>(start, count): members [start, start + count) with their own
    /// hyperparameters, stepping <paramref name="parameters"/> (the slice's), with buffers of its own (a copy; see
    /// <see cref="CopySlice"/>).
    /// </summary>
    public FusedSgd Slice(int start, int count, IReadOnlyList<Tensor> parameters)
    {
        using var _ = no_grad();
        return new(parameters, _lrValues[start..(start + count)], _momentumValues[start..(start + count)], _nesterovValues[start..(start + count)],
            _weightDecayValues[start..(start + count)], [.. _momentum.Select(b => b.narrow(0, start, count).clone())]);
    }

    /// <summary>Copies the momentum buffers of <paramref name="slice"/> (members [start, …) here) into this optimizer, or back out of it.</summary>
    public void CopySlice(FusedSgd slice, int start, bool intoSlice)
    {
        using var _ = no_grad();
        for (var i = 0; i < _momentum.Length; i++)
        {
            CopyRange(_momentum[i], slice._momentum[i], start, intoSlice);
        }
    }

    /// <summary>whole[start, start + part.shape[0]) ↔ part, exactly (a copy, no arithmetic).</summary>
    internal static void CopyRange(Tensor whole, Tensor part, int start, bool intoPart)
    {
        using var range = whole.narrow(0, start, part.shape[0]);
        if (intoPart)
        {
            part.copy_(range);
        }
        else
        {
            range.copy_(part);
        }
    }

    /// <summary>Momentum buffers in parameter order, [K, …] like the parameters.</summary>
    public IReadOnlyList<Tensor> MomentumBuffers => _momentum;

    /// <summary>Drops the gradients before the next backward pass, as <see cref="Sgd.ZeroGrad"/> does and for the same reason.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.grad = null;
        }
    }

    /// <summary>
    /// The step of <see cref="Step(Tensor)"/> with every member active: the same operations on the same values, less
    /// the masking (which would leave every value as it is), so the parameters come out bit for bit the same.
    /// </summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.grad;
            if (g is null)
            {
                continue;
            }
            g.addcmul_(p, _weightDecay, 1);
            var b = _momentum[i].mul_(_mu).add_(g);
            var d = _nesterov switch
            {
                NesterovMembers.None => b,
                NesterovMembers.All => g.addcmul_(b, _mu, 1),
                _ => g.mul_(_nesterovGradient).addcmul_(b, _nesterovMomentum, 1),
            };
            p.addcmul_(d, _negativeLr, 1);
        }
    }

    /// <param name="active">[K, 1, 1] booleans: members to update.</param>
    public void Step(Tensor active)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // In place, as Sgd does, so a step costs a few passes over the parameters and no K-sized temporaries.
        // Masked members: their gradient (weight decay included) is zeroed by masked_fill, not a product, so
        // NaN goes too; their buffer is kept by μ = 1 and their parameters by η = 0. The [K, 1, 1] factors are
        // tiny to recompute.
        var inactive = active.logical_not();
        var mu = where(active, _mu, _one);
        var negativeLr = where(active, -_lr, _zero);
        var nesterovMomentum = _nesterov == NesterovMembers.Some ? where(_nesterovMask, mu, _one) : mu;
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.grad;
            if (g is null)
            {
                continue;
            }
            g.addcmul_(p, _weightDecay, 1);
            g.masked_fill_(inactive, 0);
            var b = _momentum[i].mul_(mu).add_(g);
            // d = b (heavy ball) or g + μb (Nesterov); mixed groups use c₁g + c₂b with (c₁, c₂) = (0, 1) or (1, μ).
            var d = _nesterov switch
            {
                NesterovMembers.None => b,
                NesterovMembers.All => g.addcmul_(b, mu, 1),
                _ => g.mul_(_nesterovGradient).addcmul_(b, nesterovMomentum, 1),
            };
            p.addcmul_(d, negativeLr, 1);
        }
    }

    public void Dispose()
    {
        foreach (var t in _momentum)
        {
            t.Dispose();
        }
        _lr.Dispose();
        _mu.Dispose();
        _nesterovMask.Dispose();
        _nesterovGradient.Dispose();
        _weightDecay.Dispose();
        _zero.Dispose();
        _one.Dispose();
        _negativeLr.Dispose();
        _nesterovMomentum.Dispose();
    }

    private enum NesterovMembers
    {
        None,
        Some,
        All,
    }

    private static Tensor PerMember(IReadOnlyList<double> values, Tensor like) =>
        tensor(values.ToArray(), [values.Count, 1, 1], dtype: like.dtype, device: like.device);
}
