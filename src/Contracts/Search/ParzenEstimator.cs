namespace SweepGrid.Contracts.Search;

/// <summary>
/// One dimension's Parzen estimator, as Optuna's <c>_ParzenEstimator</c> builds it for independent sampling: a mixture of
/// one kernel per observation plus a prior kernel. Numerical dimensions use truncated Gaussians (in log space for Log
/// dimensions; integers as a discretised Gaussian over [low − 0.5, high + 0.5]); categorical ones use prior-smoothed one-hot rows.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double Eps = 1e-12;

    private readonly SearchDimension _dim;
    private readonly double[] _weights;
    private readonly double[] _logWeights;
    private readonly double[] _mus = [];
    private readonly double[] _sigmas = [];
    private readonly double[] _logMass = [];
    private readonly double[][] _table = [];
    private readonly double _low;
    private readonly double _high;

    /// <param name="values">The observations' coordinates in this dimension, in trial order.</param>
    public ParzenEstimator(SearchDimension dim, IReadOnlyList<double> values, TpeSettings settings)
    {
        _dim = dim;
        var n = values.Count;
        double[] w = n == 0 ? [1.0] : [.. DefaultWeights(n), settings.PriorWeight];
        var sum = w.Sum();
        _weights = [.. w.Select(x => x / sum)];
        _logWeights = [.. _weights.Select(x => Math.Log(x))];

        if (dim.Kind == DimensionKind.Categorical)
        {
            _table = CategoricalTable(dim.Choices, values, settings.PriorWeight);
            return;
        }

        var isInt = dim.Kind == DimensionKind.Int;
        _low = isInt ? dim.Low - 0.5 : dim.Low;
        _high = isInt ? dim.High + 0.5 : dim.High;
        var mus = values.ToArray();
        if (dim.Log)
        {
            _low = Math.Log(_low);
            _high = Math.Log(_high);
            for (var i = 0; i < n; i++)
            {
                mus[i] = Math.Log(mus[i]);
            }
        }
        var sigmas = Sigmas(mus, _low, _high, settings);
        _mus = [.. mus, 0.5 * (_low + _high)];
        _sigmas = [.. sigmas, _high - _low];
        _logMass = new double[_mus.Length];
        for (var k = 0; k < _mus.Length; k++)
        {
            _logMass[k] = TruncatedNormal.LogGaussMass((_low - _mus[k]) / _sigmas[k], (_high - _mus[k]) / _sigmas[k]);
        }
    }

    /// <summary>Optuna's default_weights: flat up to 25 observations, then a ramp that down-weights the oldest.</summary>
    public static double[] DefaultWeights(int n)
    {
        if (n < 25)
        {
            return [.. Enumerable.Repeat(1.0, n)];
        }
        var ramp = n - 25;
        var w = new double[n];
        for (var i = 0; i < ramp; i++)
        {
            // np.linspace(1 / n, 1, num=ramp)
            w[i] = ramp == 1 ? 1.0 / n : (1.0 / n) + (i * (1.0 - (1.0 / n)) / (ramp - 1));
        }
        for (var i = ramp; i < n; i++)
        {
            w[i] = 1.0;
        }
        return w;
    }

    /// <summary>One draw from the mixture, as the dimension's value (external representation).</summary>
    public double Sample(ref SplitMix64 rng)
    {
        var k = ChooseKernel(rng.NextDouble());
        if (_dim.Kind != DimensionKind.Categorical && _dim.Low == _dim.High)
        {
            return _dim.Low;
        }
        if (_dim.Kind == DimensionKind.Categorical)
        {
            var row = _table[k];
            var u = rng.NextDouble();
            var cum = 0.0;
            for (var c = 0; c < row.Length - 1; c++)
            {
                cum += row[c];
                if (cum >= u)
                {
                    return c;
                }
            }
            return row.Length - 1;
        }
        var x = SampleTruncated(_mus[k], _sigmas[k], ref rng);
        if (_dim.Log)
        {
            x = Math.Exp(x);
        }
        if (_dim.Kind == DimensionKind.Int)
        {
            x = Math.Round(x);
        }
        return Math.Clamp(x, _dim.Low, _dim.High);
    }

    /// <summary>log density (log mass for integers and categories) of the mixture at a value.</summary>
    public double LogPdf(double x)
    {
        if (_dim.Kind != DimensionKind.Categorical && _dim.Low == _dim.High)
        {
            return x == _dim.Low ? 0 : double.NegativeInfinity;
        }
        var terms = new double[_weights.Length];
        for (var k = 0; k < terms.Length; k++)
        {
            terms[k] = _logWeights[k] + KernelLogPdf(k, x);
        }
        return LogSumExp(terms);
    }

    private double KernelLogPdf(int k, double x)
    {
        switch (_dim.Kind)
        {
            case DimensionKind.Categorical:
                return Math.Log(_table[k][(int)x]);
            case DimensionKind.Int:
            {
                var left = _dim.Log ? Math.Log(x - 0.5) : x - 0.5;
                var right = _dim.Log ? Math.Log(x + 0.5) : x + 0.5;
                return TruncatedNormal.LogGaussMass((left - _mus[k]) / _sigmas[k], (right - _mus[k]) / _sigmas[k]) - _logMass[k];
            }
            default:
            {
                var t = _dim.Log ? Math.Log(x) : x;
                if (t < _low || t > _high)
                {
                    return double.NegativeInfinity;
                }
                return TruncatedNormal.LogPdf((t - _mus[k]) / _sigmas[k]) - _logMass[k] - Math.Log(_sigmas[k]);
            }
        }
    }

    private int ChooseKernel(double u)
    {
        var cum = 0.0;
        for (var k = 0; k < _weights.Length - 1; k++)
        {
            cum += _weights[k];
            if (u < cum)
            {
                return k;
            }
        }
        return _weights.Length - 1;
    }

    /// <summary>A Gaussian draw restricted to [low, high] by rejection: the kernels' centres lie in the range, so over a third of draws land.</summary>
    private double SampleTruncated(double mu, double sigma, ref SplitMix64 rng)
    {
        for (var i = 0; i < 1000; i++)
        {
            var x = mu + (sigma * rng.NextGaussian());
            if (x >= _low && x <= _high)
            {
                return x;
            }
        }
        return Math.Clamp(mu, _low, _high);
    }

    /// <summary>Optuna's compute_sigmas: the larger gap to a sorted neighbour (range ends included), clipped.</summary>
    private static double[] Sigmas(double[] mus, double low, double high, TpeSettings settings)
    {
        var n = mus.Length;
        if (n == 0)
        {
            return [];
        }
        var order = Enumerable.Range(0, n).OrderBy(i => mus[i]).ThenBy(i => i).ToArray();
        var s = new double[n + 2];
        s[0] = low;
        for (var i = 0; i < n; i++)
        {
            s[i + 1] = mus[order[i]];
        }
        s[n + 1] = high;
        var sorted = new double[n];
        for (var i = 0; i < n; i++)
        {
            sorted[i] = Math.Max(s[i + 1] - s[i], s[i + 2] - s[i + 1]);
        }
        if (!settings.ConsiderEndpoints && n >= 2)
        {
            sorted[0] = s[2] - s[1];
            sorted[n - 1] = s[n] - s[n - 1];
        }
        var maxSigma = high - low;
        var minSigma = settings.ConsiderMagicClip ? (high - low) / Math.Min(100.0, 1.0 + (n + 1)) : Eps;
        var sigmas = new double[n];
        for (var i = 0; i < n; i++)
        {
            sigmas[order[i]] = Math.Clamp(sorted[i], minSigma, Math.Max(minSigma, maxSigma));
        }
        return sigmas;
    }

    private static double[][] CategoricalTable(int choices, IReadOnlyList<double> values, double priorWeight)
    {
        var n = values.Count;
        if (n == 0)
        {
            return [[.. Enumerable.Repeat(1.0 / choices, choices)]];
        }
        var kernels = n + 1;
        var table = new double[kernels][];
        for (var k = 0; k < kernels; k++)
        {
            var row = new double[choices];
            Array.Fill(row, priorWeight / kernels);
            if (k < n)
            {
                row[(int)values[k]] += 1;
            }
            var sum = row.Sum();
            for (var c = 0; c < choices; c++)
            {
                row[c] /= sum == 0 ? 1 : sum;
            }
            table[k] = row;
        }
        return table;
    }

    private static double LogSumExp(double[] terms)
    {
        var max = terms.Max();
        if (double.IsNegativeInfinity(max))
        {
            return double.NegativeInfinity;
        }
        var sum = 0.0;
        foreach (var t in terms)
        {
            sum += Math.Exp(t - max);
        }
        return max + Math.Log(sum);
    }
}
