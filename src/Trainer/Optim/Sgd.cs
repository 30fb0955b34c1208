using static TorchSharp.torch;

namespace SweepGrid.Trainer.Optim;

/// <summary>
/// SGD with momentum, Nesterov and coupled L2 weight decay, step for step the update of torch.optim.SGD
/// (dampening 0): g ← ∇ + λp; b ← g on the first step, else μb + g; d ← g + μb (Nesterov) or b; p ← p − η d.
/// Our own implementation so that momentum buffers are plain tensors we checkpoint and the fused trainer
/// can reproduce exactly.
/// </summary>
public sealed class Sgd : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor?[] _momentum;

    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum, bool nesterov, double weightDecay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lr);
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (nesterov && momentum == 0)
        {
            throw new ArgumentException("nesterov requires momentum > 0", nameof(nesterov));
        }
        _parameters = [.. parameters];
        _momentum = new Tensor?[_parameters.Length];
        LearningRate = lr;
        Momentum = momentum;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
    }

    public double LearningRate { get; }
    public double Momentum { get; }
    public bool Nesterov { get; }
    public double WeightDecay { get; }

    /// <summary>Momentum buffers in parameter order; null before the first step.</summary>
    public IReadOnlyList<Tensor?> MomentumBuffers => _momentum;

    /// <summary>
    /// Clears the gradients before the next backward pass. They are dropped rather than zero-filled (as
    /// torch.optim's set_to_none): backward then writes fresh gradients instead of adding into zeros, which
    /// gives the same values without a fill and an accumulate pass over every parameter per batch.
    /// </summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            p.grad = null;
        }
    }

    public void Step()
    {
        using var _ = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.grad;
            if (g is null)
            {
                continue;
            }
            if (WeightDecay != 0)
            {
                g.add_(p, alpha: WeightDecay);
            }
            var d = g;
            if (Momentum != 0)
            {
                var b = _momentum[i];
                if (b is null)
                {
                    b = _momentum[i] = g.detach().clone().DetachFromDisposeScope();
                }
                else
                {
                    b.mul_(Momentum).add_(g);
                }
                d = Nesterov ? g.add_(b, alpha: Momentum) : b;
            }
            p.add_(d, alpha: -LearningRate);
        }
    }

    /// <summary>
    /// Restores momentum buffers (e.g. from a checkpoint); a null entry means "not started". Takes ownership
    /// of the tensors, which must already be on the parameters' device.
    /// </summary>
    public void LoadMomentum(IReadOnlyList<Tensor?> buffers)
    {
        if (buffers.Count != _parameters.Length)
        {
            throw new ArgumentException($"expected {_parameters.Length} momentum buffers, got {buffers.Count}", nameof(buffers));
        }
        for (var i = 0; i < buffers.Count; i++)
        {
            _momentum[i]?.Dispose();
            _momentum[i] = buffers[i]?.DetachFromDisposeScope();
        }
    }

    public void Dispose()
    {
        foreach (var b in _momentum)
        {
            b?.Dispose();
        }
    }
}
