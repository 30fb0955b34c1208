namespace SweepGrid.Contracts.Search;

/// <summary>
/// Gaussian tail arithmetic for the Parzen estimator, following Optuna's <c>_truncnorm</c> (itself after SciPy):
/// log Φ and the log mass of an interval, accurate in the far tails where a plain difference of CDFs is 0.
/// erf/erfc are FreeBSD's s_erf.c rational approximations (as Optuna's <c>_erf</c>), since .NET has none.
/// </summary>
internal static class TruncatedNormal
{
    private const double Erx = 8.45062911510467529297e-01;
    private const double Efx = 1.28379167095512586316e-01;
    private const double MachineEpsilon = 2.220446049250313e-16;
    private static readonly double LogSqrt2Pi = Math.Log(Math.Sqrt(2 * Math.PI));
    private static readonly double[] Pp = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05];
    private static readonly double[] Qq = [1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06];
    private static readonly double[] Pa = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02, -2.16637559486879084300e-03];
    private static readonly double[] Qa = [1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02];
    private static readonly double[] Ra = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e01, -6.23753324503260060396e01, -1.62396669462573470355e02, -1.84605092906711035994e02, -8.12874355063065934246e01, -9.81432934416914548592e00];
    private static readonly double[] Sa = [1, 1.96512716674392571292e01, 1.37657754143519042600e02, 4.34565877475229228821e02, 6.45387271733267880336e02, 4.29008140027567833386e02, 1.08635005541779435134e02, 6.57024977031928170135e00, -6.04244152148580987438e-02];
    private static readonly double[] Rb = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e01, -1.60636384855821916062e02, -6.37566443368389627722e02, -1.02509513161107724954e03, -4.83519191608651397019e02];
    private static readonly double[] Sb = [1, 3.03380607434824582924e01, 3.25792512996573918826e02, 1.53672958608443695994e03, 3.19985821950859553908e03, 2.55305040643316442583e03, 4.74528541206955367215e02, -2.24409524465858183362e01];

    public static double Erf(double x)
    {
        var ax = Math.Abs(x);
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        if (ax < 0.84375)
        {
            if (ax < 3.7252902984e-09)
            {
                return x + (Efx * x);
            }
            var z = x * x;
            return x + (x * (Poly(Pp, z) / Poly(Qq, z)));
        }
        if (ax < 1.25)
        {
            var s = ax - 1;
            var r = Erx + (Poly(Pa, s) / Poly(Qa, s));
            return x >= 0 ? r : -r;
        }
        if (ax >= 6)
        {
            return x >= 0 ? 1 : -1;
        }
        var c = 1 - ErfcLarge(ax);
        return x >= 0 ? c : -c;
    }

    public static double Erfc(double x)
    {
        var ax = Math.Abs(x);
        if (double.IsNaN(x))
        {
            return double.NaN;
        }
        if (ax < 0.84375)
        {
            return 1 - Erf(x);
        }
        if (ax < 1.25)
        {
            var s = ax - 1;
            var p = Poly(Pa, s) / Poly(Qa, s);
            return x >= 0 ? 1 - Erx - p : 1 + Erx + p;
        }
        if (ax >= 28)
        {
            return x >= 0 ? 0 : 2;
        }
        var r = ErfcLarge(ax);
        return x >= 0 ? r : 2 - r;
    }

    /// <summary>erfc for 1.25 &lt;= x &lt; 28, with s_erf.c's split of exp(-x²) to keep its relative error small.</summary>
    private static double ErfcLarge(double x)
    {
        var s = 1 / (x * x);
        var rs = x < 1 / 0.35 ? Poly(Ra, s) / Poly(Sa, s) : Poly(Rb, s) / Poly(Sb, s);
        var z = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) & unchecked((long)0xFFFFFFFF00000000UL));
        return Math.Exp((-z * z) - 0.5625) * Math.Exp(((z - x) * (z + x)) + rs) / x;
    }

    /// <summary>Φ(a), the standard normal CDF.</summary>
    public static double Ndtr(double a)
    {
        var x = a / Math.Sqrt(2);
        return x < -1 / Math.Sqrt(2) ? 0.5 * Erfc(-x) : x < 1 / Math.Sqrt(2) ? 0.5 + (0.5 * Erf(x)) : 1 - (0.5 * Erfc(x));
    }

    /// <summary>log Φ(a), with the asymptotic series below -20 (Optuna's <c>_log_ndtr_single</c>).</summary>
    public static double LogNdtr(double a)
    {
        if (a > 6)
        {
            return -Ndtr(-a);
        }
        if (a > -20)
        {
            return Math.Log(Ndtr(a));
        }
        var logLhs = (-0.5 * a * a) - Math.Log(-a) - (0.5 * Math.Log(2 * Math.PI));
        var lastTotal = 0.0;
        var rhs = 1.0;
        var numerator = 1.0;
        var denomFactor = 1.0;
        var denomCons = 1 / (a * a);
        var sign = 1;
        for (var i = 1; Math.Abs(lastTotal - rhs) > MachineEpsilon && i < 200; i++)
        {
            lastTotal = rhs;
            sign = -sign;
            denomFactor *= denomCons;
            numerator *= (2 * i) - 1;
            rhs += sign * numerator * denomFactor;
        }
        return logLhs + Math.Log(rhs);
    }

    /// <summary>log of the standard normal mass in [a, b] (Optuna's <c>_log_gauss_mass</c>).</summary>
    public static double LogGaussMass(double a, double b)
    {
        if (b <= 0)
        {
            return LogDiff(LogNdtr(b), LogNdtr(a));
        }
        if (a > 0)
        {
            return LogDiff(LogNdtr(-a), LogNdtr(-b));
        }
        return Log1P(-Ndtr(a) - Ndtr(-b));
    }

    /// <summary>log of the standard normal density at <paramref name="x"/>.</summary>
    public static double LogPdf(double x) => (-0.5 * x * x) - LogSqrt2Pi;

    /// <summary>log(1 + x), accurate for small x.</summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    /// <summary>log(exp(p) − exp(q)) for p &gt;= q.</summary>
    private static double LogDiff(double logP, double logQ) => logP + Log1P(-Math.Exp(logQ - logP));

    private static double Poly(double[] c, double x)
    {
        var r = 0.0;
        for (var i = c.Length - 1; i >= 0; i--)
        {
            r = (r * x) + c[i];
        }
        return r;
    }
}
