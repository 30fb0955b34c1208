using YamlDotNet.RepresentationModel;

namespace SweepGrid.Contracts.Spec;

/// <summary>Reads <c>search:</c> and <c>early_stopping:</c>, and checks what they require of the rest of the spec.</summary>
internal static class SearchReader
{
    public static SearchSpec? ReadSearch(YamlFields f, YamlNode? node, SweepAxes? sweep)
    {
        if (node is null)
        {
            return SearchSpec.Grid;
        }
        var m = f.Mapping(node, "search", "algorithm", "trials", "seed", "startup_trials", "parallel");
        if (m is null)
        {
            return null;
        }
        var algorithm = f.Keyword(YamlFields.Get(m, "algorithm"), "search.algorithm", SpecKeywords.SearchAlgorithms, required: true);
        var trialsNode = YamlFields.Get(m, "trials");
        var trials = f.AtLeast(f.Integer(trialsNode, "search.trials"), 1, "search.trials", SpecLimits.MaxTrials);
        var seed = f.AtLeast(f.Integer(YamlFields.Get(m, "seed"), "search.seed"), 0, "search.seed") ?? 0;
        var startup = f.AtLeast(f.Integer(YamlFields.Get(m, "startup_trials"), "search.startup_trials"), 1, "search.startup_trials", SpecLimits.MaxTrials);
        var parallel = f.AtLeast(f.Integer(YamlFields.Get(m, "parallel"), "search.parallel"), 1, "search.parallel", SpecLimits.MaxTrials);
        if (algorithm is null)
        {
            return null;
        }
        if (algorithm == SearchAlgorithm.Grid)
        {
            foreach (var key in new[] { "trials", "startup_trials", "parallel", "seed" }.Where(k => YamlFields.Get(m, k) is not null))
            {
                f.Problem("search." + key, "only applies to random and tpe search; a grid tries every combination of the listed values");
            }
            return SearchSpec.Grid;
        }
        if (trialsNode is null)
        {
            f.Problem("search.trials", $"is required for {algorithm.Value.Keyword()} search: the number of configurations to try");
            return null;
        }
        if (algorithm == SearchAlgorithm.Random && (startup is not null || parallel is not null))
        {
            f.Problem("search", "startup_trials and parallel only apply to tpe search");
        }
        if (trials is null)
        {
            return null;
        }
        return new SearchSpec
        {
            Algorithm = algorithm.Value,
            Trials = (int)trials.Value,
            Seed = seed,
            StartupTrials = (int)(startup ?? Math.Min(10, trials.Value)),
            Parallel = (int)(parallel ?? startup ?? Math.Min(10, trials.Value)),
        };
    }

    public static EarlyStoppingSpec? ReadEarlyStopping(YamlFields f, YamlNode? node, SelectionSpec? selection, int? epochs)
    {
        if (node is null)
        {
            return EarlyStoppingSpec.None;
        }
        var m = f.Mapping(node, "early_stopping", "algorithm", "metric", "mode", "grace_epochs", "reduction_factor", "min_samples");
        if (m is null)
        {
            return null;
        }
        var algorithm = f.Keyword(YamlFields.Get(m, "algorithm"), "early_stopping.algorithm", SpecKeywords.StoppingAlgorithms, required: true);
        var metric = f.Keyword(YamlFields.Get(m, "metric"), "early_stopping.metric", SpecKeywords.Metrics) ?? selection?.Metric ?? Metric.TestLoss;
        var mode = f.Keyword(YamlFields.Get(m, "mode"), "early_stopping.mode", SpecKeywords.Goals)
            ?? (YamlFields.Get(m, "metric") is null && selection is not null ? selection.Mode : metric.DefaultGoal());
        var grace = f.AtLeast(f.Integer(YamlFields.Get(m, "grace_epochs"), "early_stopping.grace_epochs"), 1, "early_stopping.grace_epochs", SpecLimits.MaxEpochs) ?? 1;
        var eta = f.AtLeast(f.Integer(YamlFields.Get(m, "reduction_factor"), "early_stopping.reduction_factor"), 2, "early_stopping.reduction_factor", 100) ?? 3;
        var minSamples = f.AtLeast(f.Integer(YamlFields.Get(m, "min_samples"), "early_stopping.min_samples"), 1, "early_stopping.min_samples", SpecLimits.MaxTrials) ?? 3;
        if (algorithm is null)
        {
            return null;
        }
        if (algorithm != StoppingAlgorithm.Asha && YamlFields.Get(m, "reduction_factor") is not null)
        {
            f.Problem("early_stopping.reduction_factor", $"only applies to asha, not {algorithm.Value.Keyword()}");
        }
        if (algorithm != StoppingAlgorithm.Median && YamlFields.Get(m, "min_samples") is not null)
        {
            f.Problem("early_stopping.min_samples", $"only applies to median, not {algorithm.Value.Keyword()}");
        }
        if (algorithm != StoppingAlgorithm.None && epochs is { } e && grace >= e)
        {
            f.Problem("early_stopping.grace_epochs", $"must be less than epochs ({e}) for any trial to be stopped, got {grace}");
        }
        return new EarlyStoppingSpec
        {
            Algorithm = algorithm.Value, Metric = metric, Mode = mode, GraceEpochs = (int)grace, ReductionFactor = (int)eta, MinSamples = (int)minSamples,
        };
    }

    /// <summary>What the axes and the search require of each other; false after a problem.</summary>
    public static bool CheckCombined(YamlFields f, SweepSpec spec)
    {
        var ok = true;
        var sweep = spec.Sweep;
        if (spec.Search.Algorithm == SearchAlgorithm.Grid)
        {
            foreach (var range in sweep.Ranges)
            {
                f.Problem("sweep." + AxisPath(range.Axis), $"is a range ({RangeKeyword(range.Kind)}); a grid needs values: list them, or set search: {{ algorithm: random | tpe, trials: N }}");
                ok = false;
            }
        }
        if (spec.Optimizer.Nesterov && sweep.Momentum.Contains(0))
        {
            f.Problem("sweep.momentum", "lists 0, but optimizer.nesterov requires momentum > 0");
            ok = false;
        }
        if (spec.Optimizer.Nesterov && sweep.RangeOf("momentum") is { Low: <= 0 })
        {
            f.Problem("sweep.momentum", "can be 0, but optimizer.nesterov requires momentum > 0");
            ok = false;
        }
        var seeds = Math.Max(1, sweep.Seeds.Length);
        var trials = spec.Search.Algorithm == SearchAlgorithm.Grid
            ? (long)Count(sweep.WeightDecay.Length) * Count(sweep.Lr.Length) * Count(sweep.Momentum.Length) * Count(sweep.BatchSize.Length)
                * Count(sweep.Hidden.Length) * Count(sweep.Activation.Length) * Count(sweep.Loss.Length) * seeds
            : (long)spec.Search.Trials * seeds * Count(sweep.Activation.Length) * Count(sweep.Loss.Length);
        if (trials > SpecLimits.MaxTrials)
        {
            f.Problem(spec.Search.Algorithm == SearchAlgorithm.Grid ? "sweep" : "search.trials",
                spec.Search.Algorithm == SearchAlgorithm.Grid
                    ? $"expands to {trials:N0} trials ({GridAxes(sweep)}); the limit is {SpecLimits.MaxTrials:N0} per sweep"
                    : $"{spec.Search.Trials:N0} configurations, each once per seed, activation and loss, is {trials:N0} trials; the limit is {SpecLimits.MaxTrials:N0} per sweep");
            ok = false;
        }
        return ok;
    }

    private static long Count(int listed) => Math.Max(1, listed);

    private static string GridAxes(SweepAxes sweep) => string.Join(" × ", new[]
    {
        ("weight_decay", true), ("lr", !sweep.Lr.IsEmpty), ("momentum", !sweep.Momentum.IsEmpty), ("batch_size", !sweep.BatchSize.IsEmpty),
        ("hidden", !sweep.Hidden.IsEmpty), ("seeds", true), ("activation", true), ("loss", true),
    }.Where(a => a.Item2).Select(a => a.Item1));

    private static string AxisPath(string axis) => axis.StartsWith("hidden[", StringComparison.Ordinal) ? "hidden" : axis;

    public static string RangeKeyword(RangeKind kind) => kind switch
    {
        RangeKind.Uniform => "uniform",
        RangeKind.LogUniform => "log_uniform",
        _ => "int_uniform",
    };
}
