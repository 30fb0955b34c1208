using SweepGrid.Trainer.Optim;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.GradCheck;

/// <summary>
/// A textbook backpropagation example worked through by hand and by autograd: three inputs, two sigmoid hidden
/// units, one linear output, squared loss L = (target − f)², and one plain SGD step.
/// <para>
/// Given: x = (−1.67, 0.98, −0.71), target −0.49; w_ij is the weight from input i to hidden unit j:
/// w11 = 0.39, w21 = 0.47, w12 = −0.15, w22 = 0.49, w32 = 0.19; output weights v1 = −0.01, v2 = 0.33. There are
/// no biases anywhere. w31 is unreadable in the source; we use <see cref="DefaultW31"/> = 0.10.
/// </para>
/// <para>
/// The source quotes ∂L/∂f ≈ 1.2 at the forward pass. These numbers give ≈ 1.40 instead, and no w31 can close
/// the gap: w31 only moves s1 = σ(h1) within (0, 1), and with v1 = −0.01 that moves ∂L/∂f = 2(f − target)
/// only within <see cref="DLossDfRangeOverW31"/> ≈ (1.386, 1.406). So w31 = 0.10 is a plain choice and the
/// difference from 1.2 lies elsewhere in the source (a rounded or different input, weight or loss).
/// </para>
/// Chain rule: ∂L/∂v_j = ∂L/∂f · s_j; ∂L/∂h_j = ∂L/∂f · v_j · s_j(1 − s_j); ∂L/∂w_ij = ∂L/∂h_j · x_i.
/// </summary>
public static class WorkedExample
{
    public const double DefaultW31 = 0.10;
    public const double DefaultLearningRate = 0.1;

    /// <summary>The value the source reports for ∂L/∂f at the forward pass.</summary>
    public const double SourceDLossDf = 1.2;

    public const double Target = -0.49;

    public static IReadOnlyList<double> Inputs { get; } = [-1.67, 0.98, -0.71];

    public static IReadOnlyList<double> OutputWeights { get; } = [-0.01, 0.33];

    /// <summary>First-layer weights [input i, hidden j] with w31 set to <paramref name="w31"/>.</summary>
    public static double[,] FirstLayer(double w31) => new[,]
    {
        { 0.39, -0.15 },
        { 0.47, 0.49 },
        { w31, 0.19 },
    };

    /// <summary>
    /// The interval ∂L/∂f sweeps as w31 runs over all reals (s1 from 0 to 1, everything else fixed); open, so
    /// no w31 reaches either end.
    /// </summary>
    public static (double Low, double High) DLossDfRangeOverW31()
    {
        var w = FirstLayer(0);
        var h2 = (Inputs[0] * w[0, 1]) + (Inputs[1] * w[1, 1]) + (Inputs[2] * w[2, 1]);
        var rest = OutputWeights[1] * Sigmoid(h2);
        double AtS1(double s1) => 2 * ((OutputWeights[0] * s1) + rest - Target);
        return (Math.Min(AtS1(0), AtS1(1)), Math.Max(AtS1(0), AtS1(1)));
    }

    public static WorkedExampleResult Run(double w31 = DefaultW31, double learningRate = DefaultLearningRate)
    {
        var w = FirstLayer(w31);
        var x = Inputs;
        var v = OutputWeights;

        var h = new double[2];
        var s = new double[2];
        for (var j = 0; j < 2; j++)
        {
            h[j] = (x[0] * w[0, j]) + (x[1] * w[1, j]) + (x[2] * w[2, j]);
            s[j] = Sigmoid(h[j]);
        }
        var f = (v[0] * s[0]) + (v[1] * s[1]);
        var loss = (Target - f) * (Target - f);
        var dLdf = -2 * (Target - f);
        var handV = new double[2];
        var handW = new double[3, 2];
        for (var j = 0; j < 2; j++)
        {
            handV[j] = dLdf * s[j];
            var dLdh = dLdf * v[j] * s[j] * (1 - s[j]);
            for (var i = 0; i < 3; i++)
            {
                handW[i, j] = dLdh * x[i];
            }
        }

        var (autoDf, autoW, autoV, newW, newV) = AutogradAndStep(w, learningRate);

        var rows = new List<WorkedGradient>();
        for (var j = 0; j < 2; j++)
        {
            rows.Add(new WorkedGradient($"v{j + 1}", v[j], handV[j], autoV[j], newV[j]));
        }
        for (var j = 0; j < 2; j++)
        {
            for (var i = 0; i < 3; i++)
            {
                rows.Add(new WorkedGradient($"w{i + 1}{j + 1}", w[i, j], handW[i, j], autoW[(i * 2) + j], newW[(i * 2) + j]));
            }
        }
        var after = Forward(newW, newV);
        return new WorkedExampleResult(w31, learningRate, h, s, f, loss, dLdf, autoDf, rows, (Target - after) * (Target - after));
    }

    /// <summary>The same network in float64 tensors: autograd's gradients, then one step of <see cref="Sgd"/>.</summary>
    private static (double DLossDf, double[] W, double[] V, double[] NewW, double[] NewV) AutogradAndStep(double[,] w, double lr)
    {
        using var scope = NewDisposeScope();
        var x = tensor(Inputs.ToArray(), [1, 3], ScalarType.Float64);
        var wt = tensor(w.Cast<double>().ToArray(), [3, 2], ScalarType.Float64).requires_grad_(true);
        var vt = tensor(OutputWeights.ToArray(), [2, 1], ScalarType.Float64).requires_grad_(true);
        var f = x.matmul(wt).sigmoid().matmul(vt);
        f.retain_grad();
        var loss = (Target - f).pow(2).sum();
        loss.backward();
        var dLdf = f.grad!.item<double>();
        var gw = wt.grad!.data<double>().ToArray();
        var gv = vt.grad!.data<double>().ToArray();
        using (var sgd = new Sgd([wt, vt], lr, momentum: 0, nesterov: false, weightDecay: 0))
        {
            sgd.Step();
        }
        return (dLdf, gw, gv, wt.detach().data<double>().ToArray(), vt.detach().data<double>().ToArray());
    }

    private static double Forward(double[] w, double[] v)
    {
        var f = 0.0;
        for (var j = 0; j < 2; j++)
        {
            var h = (Inputs[0] * w[j]) + (Inputs[1] * w[2 + j]) + (Inputs[2] * w[4 + j]);
            f += v[j] * Sigmoid(h);
        }
        return f;
    }

    private static double Sigmoid(double h) => 1 / (1 + Math.Exp(-h));
}
