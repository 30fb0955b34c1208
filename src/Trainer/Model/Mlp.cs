using SweepGrid.Trainer.Determinism;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Model;

/// <summary>
/// A fully connected classifier: Linear → activation for each hidden layer, then a Linear output of logits.
/// Layers are registered as fc1, fc2, … (their checkpoint keys). Initial weights come from our own seeded
/// generator (PyTorch's default scheme: uniform ±1/√fan_in for weights and biases), so a seed means the
/// same network everywhere, independent of libtorch's global RNG and of other trials in the process.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] _layers;
    private readonly ActivationKind _activation;

    public Mlp(int inputs, IReadOnlyList<int> hidden, int outputs, ActivationKind activation, long seed, ScalarType dtype, Device device)
        : base(nameof(Mlp))
    {
        _activation = activation;
        var sizes = new List<int> { inputs };
        sizes.AddRange(hidden);
        sizes.Add(outputs);
        _layers = new Linear[sizes.Count - 1];
        for (var i = 0; i < _layers.Length; i++)
        {
            _layers[i] = nn.Linear(sizes[i], sizes[i + 1], hasBias: true, device: device, dtype: dtype);
            register_module($"fc{i + 1}", _layers[i]);
        }
        Initialize(seed);
    }

    public IReadOnlyList<Linear> Layers => _layers;

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < _layers.Length; i++)
        {
            x = _layers[i].forward(x);
            if (i < _layers.Length - 1)
            {
                x = Activations.Apply(_activation, x);
            }
        }
        return x;
    }

    /// <summary>Parameter values drawn for layer <paramref name="layer"/> (weight then bias), for any consumer that must match.</summary>
    public static (double[] Weight, double[] Bias) InitialValues(long seed, int layer, int fanIn, int fanOut)
    {
        var rng = SplitMix64.For(seed, purpose: 0x1417, index: (ulong)layer);
        var bound = 1.0 / Math.Sqrt(fanIn);
        var w = new double[fanOut * fanIn];
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = ((2 * rng.NextDouble()) - 1) * bound;
        }
        var b = new double[fanOut];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = ((2 * rng.NextDouble()) - 1) * bound;
        }
        return (w, b);
    }

    private void Initialize(long seed)
    {
        using var _ = no_grad();
        for (var i = 0; i < _layers.Length; i++)
        {
            var l = _layers[i];
            var (w, b) = InitialValues(seed, i, (int)l.in_features, (int)l.out_features);
            using var wt = tensor(w, [l.out_features, l.in_features]);
            using var bt = tensor(b, [l.out_features]);
            l.weight!.copy_(wt);
            l.bias!.copy_(bt);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var l in _layers)
            {
                l.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
