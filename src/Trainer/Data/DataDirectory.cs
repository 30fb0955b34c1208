namespace SweepGrid.Trainer.Data;

/// <summary>Where datasets live: the spec's <c>data.dir</c>, else $SWEEPGRID_DATA, else the user's cache.</summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "SWEEPGRID_DATA";

    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(ExpandHome(configured));
        }
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Path.GetFullPath(ExpandHome(env));
        }
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(cache, "sweepgrid", "data");
    }

    /// <summary>
    /// "~" and "~/..." mean the home directory, as in a shell (no shell expands a YAML value); "~user" is refused
    /// rather than creating a directory literally named "~user".
    /// </summary>
    public static string ExpandHome(string path)
    {
        if (path != "~" && !path.StartsWith('~'))
        {
            return path;
        }
        if (path != "~" && !path.StartsWith("~/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"data directory '{path}': only '~' and '~/...' are expanded; give the path in full", nameof(path));
        }
        return Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
    }

    /// <summary>The four IDX files of a dataset, preferring .gz when both forms exist.</summary>
    public static (string TrainImages, string TrainLabels, string TestImages, string TestLabels) Files(string root, string dataset)
    {
        var dir = Path.Combine(root, dataset);
        string Pick(string stem)
        {
            var gz = Path.Combine(dir, stem + ".gz");
            return File.Exists(gz) ? gz : Path.Combine(dir, stem);
        }
        return (Pick("train-images-idx3-ubyte"), Pick("train-labels-idx1-ubyte"),
                Pick("t10k-images-idx3-ubyte"), Pick("t10k-labels-idx1-ubyte"));
    }

    public static bool IsPresent(string root, string dataset)
    {
        var f = Files(root, dataset);
        return File.Exists(f.TrainImages) && File.Exists(f.TrainLabels) && File.Exists(f.TestImages) && File.Exists(f.TestLabels);
    }
}
