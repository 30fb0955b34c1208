using SweepGrid.Trainer.Model;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// K copies of one <see cref="Mlp"/> architecture whose parameters are stacked along a leading member
/// dimension: layer l has a weight [K, in, out] and a bias [K, 1, out]. Weights are stored transposed with
/// respect to <c>Linear</c> ([out, in]) so that a layer is a single <c>baddbmm(bias, h, W)</c> over all members,
/// with no transpose per step. Member k's slices hold exactly what member k's unfused Mlp would hold.
/// </summary>
internal sealed class FusedMlp : IDisposable
{
    private readonly Tensor[] _weights;
    private readonly Tensor[] _biases;
    private readonly ActivationKind _activation;

    public FusedMlp(int members, int inputs, IReadOnlyList<int> hidden, int outputs, ActivationKind activation, long seed, ScalarType dtype, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(members);
        Members = members;
        _activation = activation;
        var sizes = new List<int> { inputs };
        sizes.AddRange(hidden);
        sizes.Add(outputs);
        _weights = new Tensor[sizes.Count - 1];
        _biases = new Tensor[sizes.Count - 1];
        using var _ = no_grad();
        for (var i = 0; i < _weights.Length; i++)
        {
            var (fanIn, fanOut) = (sizes[i], sizes[i + 1]);
            _weights[i] = zeros([members, fanIn, fanOut], dtype: dtype, device: device);
            _biases[i] = zeros([members, 1, fanOut], dtype: dtype, device: device);
            // The same draw as Mlp.Initialize, cast by the same copy_ from float64, so every member starts
            // bit-identical to an unfused trial with this seed.
            var (w, b) = Mlp.InitialValues(seed, i, fanIn, fanOut);
            using (var scope = NewDisposeScope())
            {
                _weights[i].copy_(tensor(w, [fanOut, fanIn]).t().unsqueeze(0));
                _biases[i].copy_(tensor(b, [1, 1, fanOut]));
            }
            _weights[i].requires_grad_(true);
            _biases[i].requires_grad_(true);
        }
    }

    private FusedMlp(Tensor[] weights, Tensor[] biases, ActivationKind activation)
    {
        Members = (int)weights[0].shape[0];
        _weights = weights;
        _biases = biases;
        _activation = activation;
    }

    public int Members { get; }

    /// <summary>
    /// Members [start, start + count) as a model of their own, with parameters of their own (a copy): slices can run
    /// forward and backward on different threads at once, which views of one tensor cannot (they share its version
    /// counter, so one slice's in-place step would invalidate what another saved for its backward).
    /// <see cref="CopySlice"/> moves the values between a slice and its members here.
    /// </summary>
    public FusedMlp Slice(int start, int count)
    {
        using var _ = no_grad();
        static Tensor Copy(Tensor t, int start, int count) => t.narrow(0, start, count).detach().clone().requires_grad_(true);
        return new FusedMlp([.. _weights.Select(w => Copy(w, start, count))], [.. _biases.Select(b => Copy(b, start, count))], _activation);
    }

    /// <summary>Copies the parameters of <paramref name="slice"/> (members [start, start + slice.Members) here) into this model, or back out of it.</summary>
    public void CopySlice(FusedMlp slice, int start, bool intoSlice)
    {
        using var _ = no_grad();
        for (var i = 0; i < _weights.Length; i++)
        {
            FusedSgd.CopyRange(_weights[i], slice._weights[i], start, intoSlice);
            FusedSgd.CopyRange(_biases[i], slice._biases[i], start, intoSlice);
        }
    }

    public int LayerCount => _weights.Length;

    /// <summary>Weights [K, in, out] by layer.</summary>
    public IReadOnlyList<Tensor> Weights => _weights;

    /// <summary>Biases [K, 1, out] by layer.</summary>
    public IReadOnlyList<Tensor> Biases => _biases;

    /// <summary>Parameters in the order of <see cref="Mlp"/>'s (fc1.weight, fc1.bias, fc2.weight, …), as the optimizer and checkpoints expect.</summary>
    public IReadOnlyList<Tensor> Parameters()
    {
        var all = new List<Tensor>(2 * _weights.Length);
        for (var i = 0; i < _weights.Length; i++)
        {
            all.Add(_weights[i]);
            all.Add(_biases[i]);
        }
        return all;
    }

    /// <summary>Logits [K, B, C] of every member for one shared input batch [B, in].</summary>
    public Tensor Forward(Tensor input)
    {
        // A stride-0 view: the batch is shared, not copied K times.
        var h = input.unsqueeze(0).expand(Members, -1, -1);
        for (var i = 0; i < _weights.Length; i++)
        {
            // bias + h @ W. TorchSharp's Tensor.baddbmm is called on batch1 with (batch2, input); its static
            // torch.baddbmm(input, batch1, batch2) forwards input as batch1, so the instance form is used.
            h = h.baddbmm(_weights[i], _biases[i]);
            if (i < _weights.Length - 1)
            {
                h = Activations.Apply(_activation, h);
            }
        }
        return h;
    }

    /// <summary>Copies member <paramref name="member"/>'s parameters into an unfused model of the same shape.</summary>
    public void CopyMemberTo(int member, Mlp model)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < _weights.Length; i++)
        {
            model.Layers[i].weight!.copy_(_weights[i][member].t());
            model.Layers[i].bias!.copy_(_biases[i][member].squeeze(0));
        }
    }

    /// <summary>Overwrites member <paramref name="member"/>'s parameters with an unfused model's.</summary>
    public void CopyMemberFrom(int member, Mlp model)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < _weights.Length; i++)
        {
            _weights[i][member].copy_(model.Layers[i].weight!.t());
            _biases[i][member].copy_(model.Layers[i].bias!.unsqueeze(0));
        }
    }

    public void Dispose()
    {
        foreach (var t in _weights.Concat(_biases))
        {
            t.Dispose();
        }
    }
}
