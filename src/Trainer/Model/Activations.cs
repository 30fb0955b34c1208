using static TorchSharp.torch;

namespace SweepGrid.Trainer.Model;

/// <summary>
/// The activations and their closed-form derivatives, written from the definitions rather than autograd so
/// that they can be checked against it (<c>sweepgrid gradcheck</c>).
/// </summary>
public static class Activations
{
    public static readonly IReadOnlyDictionary<string, ActivationKind> ByName = new Dictionary<string, ActivationKind>(StringComparer.Ordinal)
    {
        ["relu"] = ActivationKind.Relu,
        ["tanh"] = ActivationKind.Tanh,
        ["sigmoid"] = ActivationKind.Sigmoid,
    };

    public static string Name(ActivationKind kind) => kind.ToString().ToLowerInvariant();

    public static Tensor Apply(ActivationKind kind, Tensor x) => kind switch
    {
        ActivationKind.Relu => nn.functional.relu(x),
        ActivationKind.Tanh => x.tanh(),
        ActivationKind.Sigmoid => x.sigmoid(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// f'(x) in closed form: sigmoid f(1 − f); tanh 1 − f²; relu 1 for x &gt; 0, else 0. ReLU is not
    /// differentiable at 0; like PyTorch we take the subgradient 0 there.
    /// </summary>
    public static Tensor Derivative(ActivationKind kind, Tensor x)
    {
        switch (kind)
        {
            case ActivationKind.Sigmoid:
                {
                    var f = x.sigmoid();
                    return f * (1 - f);
                }
            case ActivationKind.Tanh:
                {
                    var f = x.tanh();
                    return 1 - (f * f);
                }
            case ActivationKind.Relu:
                return x.gt(0).to_type(x.dtype);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
