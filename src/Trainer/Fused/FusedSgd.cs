using SweepGrid.Trainer.Optim;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// <see cref="Sgd"/> for stacked parameters [K, …], with each member's learning rate, momentum, Nesterov flag
/// and weight decay as a [K, 1, 1] tensor, so member k takes exactly the step its unfused optimizer would.
/// Momentum buffers start at zero and are always updated as b ← μb + g: on the first step that is g (as
/// torch.optim.SGD's b ← g), and for μ = 0 it is g every step, so one formula covers every member without a
/// per-member branch. Members whose flag in the active mask is false are frozen: parameters and buffers keep
/// their values whatever their gradient holds (NaN included).
/// </summary>
internal sealed class FusedSgd : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _momentum;
    private readonly Tensor _lr;
    private readonly Tensor _mu;
    private readonly Tensor _nesterov;
    private readonly Tensor _weightDecay;
    private readonly Tensor _zero;

    public FusedSgd(IReadOnlyList<Tensor> parameters, IReadOnlyList<double> lr, IReadOnlyList<double> momentum,
        IReadOnlyList<bool> nesterov, IReadOnlyList<double> weightDecay)
    {
        _parameters = [.. parameters];
        var first = _parameters[0];
        var k = first.shape[0];
        if (lr.Count != k || momentum.Count != k || nesterov.Count != k || weightDecay.Count != k)
        {
            throw new ArgumentException($"expected {k} values of every hyperparameter");
        }
        _momentum = [.. _parameters.Select(p => zeros_like(p).requires_grad_(false))];
        _lr = PerMember(lr, first);
        _mu = PerMember(momentum, first);
        _weightDecay = PerMember(weightDecay, first);
        _nesterov = tensor(nesterov.ToArray(), [k, 1, 1], device: first.device);
        _zero = zeros([], dtype: first.dtype, device: first.device);
    }

    /// <summary>Momentum buffers in parameter order, [K, …] like the parameters.</summary>
    public IReadOnlyList<Tensor> MomentumBuffers => _momentum;

    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.grad?.zero_();
        }
    }

    /// <param name="active">[K, 1, 1] booleans: members to update.</param>
    public void Step(Tensor active)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var grad = p.grad;
            if (grad is null)
            {
                continue;
            }
            var g = grad + (_weightDecay * p);
            var b = (_mu * _momentum[i]) + g;
            var d = where(_nesterov, g + (_mu * b), b);
            _momentum[i].copy_(where(active, b, _momentum[i]));
            p.sub_(where(active, _lr * d, _zero));
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
        _nesterov.Dispose();
        _weightDecay.Dispose();
        _zero.Dispose();
    }

    private static Tensor PerMember(IReadOnlyList<double> values, Tensor like) =>
        tensor(values.ToArray(), [values.Count, 1, 1], dtype: like.dtype, device: like.device);
}
