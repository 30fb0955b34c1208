using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Parses and validates a sweep spec (YAML). All problems are collected and reported together, each with its
/// path and what was expected (<c>optimizer.lr: must be &gt; 0, got -1</c>); unknown keys are errors.
/// </summary>
public static partial class SpecParser
{
    public static SweepSpec ParseFile(string path) => Parse(SpecFile.Read(path), path);

    /// <summary>
    /// Parses <paramref name="yaml"/>; safe on any input (size, nesting, aliases and keys are checked on the parser's
    /// events before any node is built). Throws <see cref="SpecException"/> listing every problem.
    /// </summary>
    public static SweepSpec Parse(string yaml, string source = "spec")
    {
        source = UserInput.Excerpt(source, 256);
        if (yaml.Length > SpecLimits.MaxBytes || System.Text.Encoding.UTF8.GetByteCount(yaml) > SpecLimits.MaxBytes)
        {
            throw new SpecException(source, [new SpecProblem("(file)", $"is larger than {SpecLimits.MaxBytes / 1024} KiB, the limit for a spec")]);
        }
        if (YamlGuard.Check(yaml) is { Count: > 0 } unsafeYaml)
        {
            throw new SpecException(source, unsafeYaml);
        }
        var problems = new List<SpecProblem>();
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null;
        }
        catch (YamlException e)
        {
            throw new SpecException(source, [YamlGuard.Problem(e.Start, $"not valid YAML: {UserInput.Excerpt(e.Message)}")]);
        }
        if (root is null)
        {
            throw new SpecException(source, [new SpecProblem("(document)", "is empty; expected a mapping with name, data, model, optimizer, sweep, epochs, ...")]);
        }
        var spec = Read(new YamlFields(problems), root);
        if (problems.Count > SpecLimits.MaxProblems)
        {
            var more = problems.Count - SpecLimits.MaxProblems;
            problems = [.. problems.Take(SpecLimits.MaxProblems), new SpecProblem("(spec)", $"and {more:N0} more problems")];
        }
        if (problems.Count > 0 || spec is null)
        {
            throw new SpecException(source, problems);
        }
        return spec;
    }

    private static SweepSpec? Read(YamlFields f, YamlNode root)
    {
        var top = f.Mapping(root, "", "name", "data", "model", "loss", "optimizer", "sweep", "epochs", "batch_size", "selection", "resources", "search", "early_stopping");
        if (top is null)
        {
            return null;
        }
        var name = f.String(YamlFields.Get(top, "name"), "name", required: true);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            // The name becomes a grain key and a directory (runs/<name>): it must never be '.', '..', an option
            // ('-x'), or carry a path separator or a line break.
            f.Problem("name", $"must be 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit, got '{UserInput.Excerpt(name)}'");
        }
        var data = ReadData(f, YamlFields.Get(top, "data"));
        var model = ReadModel(f, YamlFields.Get(top, "model"));
        var loss = ReadLoss(f, YamlFields.Get(top, "loss"));
        var optimizer = ReadOptimizer(f, YamlFields.Get(top, "optimizer"));
        var sweep = SweepAxesReader.Read(f, YamlFields.Get(top, "sweep"));
        var epochs = (int?)f.AtLeast(f.Integer(YamlFields.Get(top, "epochs"), "epochs", required: true), 1, "epochs", SpecLimits.MaxEpochs);
        var batch = (int?)f.AtLeast(f.Integer(YamlFields.Get(top, "batch_size"), "batch_size") ?? 64, 1, "batch_size", 1 << 20);
        var selection = ReadSelection(f, YamlFields.Get(top, "selection"), epochs);
        var resources = ReadResources(f, YamlFields.Get(top, "resources"));
        var search = SearchReader.ReadSearch(f, YamlFields.Get(top, "search"), sweep);
        var stopping = SearchReader.ReadEarlyStopping(f, YamlFields.Get(top, "early_stopping"), selection, epochs);
        if (name is null || data is null || model is null || loss is null || optimizer is null || sweep is null
            || epochs is null || batch is null || selection is null || resources is null || search is null || stopping is null)
        {
            return null;
        }
        var spec = new SweepSpec
        {
            Name = name, Data = data, Model = model, Loss = loss, Optimizer = optimizer, Sweep = sweep,
            Epochs = epochs.Value, BatchSize = batch.Value, Selection = selection, Resources = resources,
            Search = search, EarlyStopping = stopping,
        };
        if (!SearchReader.CheckCombined(f, spec))
        {
            return null;
        }
        if (TrialMemory.Largest(spec) is { Total: > SpecLimits.MaxTrialBytes } memory)
        {
            f.Problem("model.hidden", $"a trial needs {memory}; the limit is {TrialMemory.Format(SpecLimits.MaxTrialBytes)} per trial");
            return null;
        }
        return spec;
    }

    private static DataSpec? ReadData(YamlFields f, YamlNode? node)
    {
        if (node is null)
        {
            f.Problem("data", "is required (e.g. { dataset: fashion-mnist })");
            return null;
        }
        var m = f.Mapping(node, "data", "dataset", "dir", "train_limit", "test_limit");
        if (m is null)
        {
            return null;
        }
        var dataset = f.Keyword(YamlFields.Get(m, "dataset"), "data.dataset", SpecKeywords.Datasets, required: true);
        var dir = f.String(YamlFields.Get(m, "dir"), "data.dir");
        if (dir is not null && dir.StartsWith('~') && dir != "~" && !dir.StartsWith("~/", StringComparison.Ordinal))
        {
            f.Problem("data.dir", $"'{UserInput.Excerpt(dir)}': only '~' and '~/...' are expanded (to the home directory); give the path in full");
        }
        var train = f.AtLeast(f.Integer(YamlFields.Get(m, "train_limit"), "data.train_limit"), 1, "data.train_limit", int.MaxValue);
        var test = f.AtLeast(f.Integer(YamlFields.Get(m, "test_limit"), "data.test_limit"), 1, "data.test_limit", int.MaxValue);
        return dataset is null ? null : new DataSpec { Dataset = dataset.Value, Dir = dir, TrainLimit = (int?)train, TestLimit = (int?)test };
    }

    private static ModelSpec? ReadModel(YamlFields f, YamlNode? node)
    {
        if (node is null)
        {
            f.Problem("model", "is required (e.g. { hidden: [256, 128], activation: relu })");
            return null;
        }
        var m = f.Mapping(node, "model", "hidden", "activation");
        if (m is null)
        {
            return null;
        }
        var items = f.Sequence(YamlFields.Get(m, "hidden"), "model.hidden", required: true);
        var hidden = new List<int>();
        var ok = items is not null;
        foreach (var (n, p) in items ?? [])
        {
            var v = f.AtLeast(f.Integer(n, p), 1, p, 1 << 16);
            ok &= v is not null;
            hidden.Add((int)(v ?? 0));
        }
        var activation = f.Keyword(YamlFields.Get(m, "activation"), "model.activation", SpecKeywords.Activations) ?? (YamlFields.Get(m, "activation") is null ? HiddenActivation.Relu : null);
        return ok && activation is not null ? new ModelSpec { Hidden = [.. hidden], Activation = activation.Value } : null;
    }

    private static LossSpec? ReadLoss(YamlFields f, YamlNode? node)
    {
        if (node is null)
        {
            return new LossSpec { Name = LossFunction.CrossEntropy };
        }
        if (node is YamlScalarNode)
        {
            var name = f.Keyword(node, "loss", SpecKeywords.Losses);
            return name is null ? null : new LossSpec { Name = name.Value };
        }
        var m = f.Mapping(node, "loss", "name", "delta");
        if (m is null)
        {
            return null;
        }
        var n = f.Keyword(YamlFields.Get(m, "name"), "loss.name", SpecKeywords.Losses, required: true);
        var delta = f.Number(YamlFields.Get(m, "delta"), "loss.delta");
        if (delta is <= 0)
        {
            f.Problem("loss.delta", $"must be > 0, got {delta}");
            return null;
        }
        if (delta is not null && n is { } other && other != LossFunction.Huber)
        {
            f.Problem("loss.delta", $"only applies to {LossFunction.Huber.Keyword()}, not {other.Keyword()}");
        }
        return n is null ? null : new LossSpec { Name = n.Value, Delta = delta ?? 1.0 };
    }

    private static OptimizerSpec? ReadOptimizer(YamlFields f, YamlNode? node)
    {
        if (node is null)
        {
            f.Problem("optimizer", "is required (e.g. { lr: 0.05, momentum: 0.9 })");
            return null;
        }
        var m = f.Mapping(node, "optimizer", "lr", "momentum", "nesterov");
        if (m is null)
        {
            return null;
        }
        var lr = f.Number(YamlFields.Get(m, "lr"), "optimizer.lr", required: true);
        if (lr is <= 0)
        {
            f.Problem("optimizer.lr", $"must be > 0, got {lr}");
            lr = null;
        }
        var momentum = f.Number(YamlFields.Get(m, "momentum"), "optimizer.momentum") ?? 0;
        if (momentum is < 0 or >= 1)
        {
            f.Problem("optimizer.momentum", $"must be in [0, 1), got {momentum}");
        }
        var nesterov = f.Boolean(YamlFields.Get(m, "nesterov"), "optimizer.nesterov") ?? false;
        if (nesterov && momentum == 0)
        {
            f.Problem("optimizer.nesterov", "requires optimizer.momentum > 0");
        }
        return lr is null ? null : new OptimizerSpec { Lr = lr.Value, Momentum = momentum, Nesterov = nesterov };
    }

    private static SelectionSpec? ReadSelection(YamlFields f, YamlNode? node, int? epochs)
    {
        var m = node is null ? [] : f.Mapping(node, "selection", "metric", "mode", "scope", "k");
        if (m is null)
        {
            return null;
        }
        var metric = f.Keyword(YamlFields.Get(m, "metric"), "selection.metric", SpecKeywords.Metrics) ?? Metric.TestLoss;
        var mode = f.Keyword(YamlFields.Get(m, "mode"), "selection.mode", SpecKeywords.Goals) ?? metric.DefaultGoal();
        var scope = f.Keyword(YamlFields.Get(m, "scope"), "selection.scope", SpecKeywords.Scopes) ?? SelectionScope.Last;
        var k = (int?)f.AtLeast(f.Integer(YamlFields.Get(m, "k"), "selection.k"), 1, "selection.k", epochs ?? int.MaxValue) ?? Math.Min(5, epochs ?? 5);
        if (YamlFields.Get(m, "k") is not null && scope != SelectionScope.MeanLastK)
        {
            f.Problem("selection.k", $"only applies to scope {SelectionScope.MeanLastK.Keyword()}, not {scope.Keyword()}");
        }
        return new SelectionSpec { Metric = metric, Mode = mode, Scope = scope, LastK = k };
    }

    private static ResourceSpec? ReadResources(YamlFields f, YamlNode? node)
    {
        var m = node is null ? [] : f.Mapping(node, "resources", "device", "fuse", "max_failures", "max_silo_deaths");
        if (m is null)
        {
            return null;
        }
        var device = f.Keyword(YamlFields.Get(m, "device"), "resources.device", SpecKeywords.Devices) ?? DevicePreference.Auto;
        var fuseText = f.String(YamlFields.Get(m, "fuse"), "resources.fuse");
        var fuse = FusePolicy.Auto;
        if (fuseText is not null && !FusePolicy.TryParse(fuseText, out fuse))
        {
            f.Problem("resources.fuse", $"must be {string.Join(", ", FusePolicy.Keywords)} or a group size >= 1, got '{fuseText}'");
        }
        var failures = (int?)f.AtLeast(f.Integer(YamlFields.Get(m, "max_failures"), "resources.max_failures"), 0, "resources.max_failures", 100) ?? 2;
        var deaths = (int?)f.AtLeast(f.Integer(YamlFields.Get(m, "max_silo_deaths"), "resources.max_silo_deaths"), 1, "resources.max_silo_deaths", 100) ?? 3;
        return new ResourceSpec { Device = device, Fuse = fuse, MaxFailures = failures, MaxSiloDeaths = deaths };
    }

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex NamePattern();
}
