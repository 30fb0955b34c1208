using SweepGrid.Contracts.Search;
using Xunit;

namespace SweepGrid.Tests.Search;

/// <summary>
/// The Parzen estimator and its Gaussian arithmetic against Optuna's own: the expected numbers were printed by Optuna's
/// <c>_ParzenEstimator.log_pdf</c> and <c>_truncnorm._log_gauss_mass</c> (optuna master, 2026-08, commit 1d8ce7b), and
/// Python's math.erf/erfc.
/// </summary>
public sealed class ParzenEstimatorTests
{
    [Theory]
    [InlineData("float-log", new[] { 0.0001, 0.003, 0.02 }, new[] { 1e-06, 1e-05, 0.0002, 0.05, 0.1 }, new[] { -3.343372879138457, -2.8716438039157404, -2.430198907183133, -2.2598848562519835, -2.4140017925758523 })]
    [InlineData("float", new[] { 0.0, 1.0, 1.5, 8.0 }, new[] { -5.0, -1.0, 0.9, 7.5, 10.0 }, new[] { -3.465889330561543, -2.405824284046134, -2.260758714698978, -3.083237963855536, -3.2469384096981018 })]
    [InlineData("float-endpoints-noclip", new[] { 0.0, 1.0, 1.5, 8.0 }, new[] { -5.0, -1.0, 0.9, 7.5, 10.0 }, new[] { -3.3011089323660583, -2.7093773910631187, -1.9655858484491833, -2.982207089974264, -3.1827607203111974 })]
    [InlineData("float-empty", new double[0], new[] { 0.0, 0.3, 1.0 }, new[] { -0.08402219950905043, 0.02097780049094955, -0.08402219950905043 })]
    [InlineData("float-one", new[] { 0.2 }, new[] { 0.0, 0.2, 0.9 }, new[] { 0.008846912606699897, 0.0626052913281201, -0.14241463071879112 })]
    [InlineData("float-ramp", new[] { 0.549, 0.715, 0.603, 0.545, 0.424, 0.646, 0.438, 0.892, 0.964, 0.383, 0.792, 0.529, 0.568, 0.926, 0.071, 0.087, 0.02, 0.833, 0.778, 0.87, 0.979, 0.799, 0.461, 0.781, 0.118, 0.64, 0.143, 0.945, 0.522, 0.415 }, new[] { 0.05, 0.5, 0.95 }, new[] { 0.02151197949684569, 0.11231430771714135, 0.5934426647785802 })]
    [InlineData("int", new[] { 2.0, 3.0, 3.0, 9.0 }, new[] { 1.0, 2.0, 5.0, 10.0 }, new[] { -2.0745413452144006, -1.8556834961151056, -2.2928117139245847, -2.880192186683029 })]
    [InlineData("int-log", new[] { 32.0, 64.0, 500.0 }, new[] { 16.0, 40.0, 300.0, 512.0 }, new[] { -4.122804021939482, -4.709140176850672, -7.153666707311745, -7.7526269871158435 })]
    [InlineData("categorical", new[] { 0.0, 0.0, 2.0 }, new[] { 0.0, 1.0, 2.0 }, new[] { -0.7419373447293772, -1.6582280766035324, -1.0986122886681098 })]
    [InlineData("categorical-prior-2", new[] { 1.0, 3.0 }, new[] { 0.0, 1.0, 3.0 }, new[] { -1.5328978353117657, -1.2584609896100056, -1.2584609896100056 })]
    public void Log_density_matches_optunas_parzen_estimator(string space, double[] observations, double[] xs, double[] expected)
    {
        var (dim, settings) = space switch
        {
            "float-log" => (SearchDimension.Float("x", 1e-6, 1e-1, log: true), new TpeSettings()),
            "float" => (SearchDimension.Float("x", -5, 10), new TpeSettings()),
            "float-endpoints-noclip" => (SearchDimension.Float("x", -5, 10), new TpeSettings { ConsiderMagicClip = false, ConsiderEndpoints = true }),
            "float-empty" or "float-one" or "float-ramp" => (SearchDimension.Float("x", 0, 1), new TpeSettings()),
            "int" => (SearchDimension.Int("x", 1, 10), new TpeSettings()),
            "int-log" => (SearchDimension.Int("x", 16, 512, log: true), new TpeSettings()),
            "categorical" => (SearchDimension.Categorical("x", 3), new TpeSettings()),
            "categorical-prior-2" => (SearchDimension.Categorical("x", 4), new TpeSettings { PriorWeight = 2.0 }),
            _ => throw new ArgumentOutOfRangeException(nameof(space)),
        };

        var estimator = new ParzenEstimator(dim, observations, settings);

        for (var i = 0; i < xs.Length; i++)
        {
            Assert.Equal(expected[i], estimator.LogPdf(xs[i]), 1e-9);
        }
    }

    [Theory]
    [InlineData(-40.0, -39.0, -765.0831565643776)]
    [InlineData(-25.0, -20.0, -203.91715537109727)]
    [InlineData(-8.0, -7.0, -27.384793700719943)]
    [InlineData(-3.0, 1.0, -0.17435952045297595)]
    [InlineData(-1.0, 0.5, -0.6295956325528635)]
    [InlineData(-0.5, 3.0, -0.37090055956203255)]
    [InlineData(0.2, 0.3, -3.253164190574811)]
    [InlineData(2.0, 9.0, -3.783184333682031)]
    [InlineData(7.0, 8.0, -27.384793700719943)]
    public void Log_gauss_mass_matches_optuna_in_the_tails(double a, double b, double expected)
    {
        Assert.Equal(expected, TruncatedNormal.LogGaussMass(a, b), 1e-9);
    }

    [Theory]
    [InlineData(0.0, 0.0, 1.0)]
    [InlineData(1e-10, 1.1283791670955126e-10, 0.999999999887162)]
    [InlineData(0.3, 0.3286267594591274, 0.6713732405408726)]
    [InlineData(0.84375, 0.7672256612323416, 0.23277433876765835)]
    [InlineData(1.0, 0.8427007929497149, 0.15729920705028513)]
    [InlineData(1.3, 0.9340079449406524, 0.06599205505934755)]
    [InlineData(2.5, 0.999593047982555, 0.0004069520174449589)]
    [InlineData(3.0, 0.9999779095030014, 2.2090496998585438e-05)]
    [InlineData(5.0, 0.9999999999984626, 1.5374597944280351e-12)]
    [InlineData(10.0, 1.0, 2.088487583762545e-45)]
    [InlineData(-0.7, -0.6778011938374184, 1.6778011938374184)]
    [InlineData(-2.0, -0.9953222650189527, 1.9953222650189528)]
    public void Erf_and_erfc_match_the_c_library_to_relative_precision(double x, double erf, double erfc)
    {
        Assert.Equal(erf, TruncatedNormal.Erf(x), 1e-15);
        Assert.True(Math.Abs(TruncatedNormal.Erfc(x) - erfc) <= 1e-14 * erfc, $"erfc({x}) = {TruncatedNormal.Erfc(x):R}, expected {erfc:R}");
    }

    [Fact]
    public void Default_weights_ramp_the_oldest_observations_from_25_on()
    {
        Assert.Equal(Enumerable.Repeat(1.0, 24), ParzenEstimator.DefaultWeights(24));
        Assert.Equal(Enumerable.Repeat(1.0, 25), ParzenEstimator.DefaultWeights(25));
        // np.linspace(1/27, 1, 2) then 25 ones.
        var w = ParzenEstimator.DefaultWeights(27);
        Assert.Equal(1.0 / 27, w[0], 1e-15);
        Assert.Equal(1.0, w[1], 1e-15);
        Assert.Equal(27, w.Length);
    }
}
