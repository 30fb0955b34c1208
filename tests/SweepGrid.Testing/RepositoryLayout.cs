namespace SweepGrid.Testing;

/// <summary>Paths in the checkout the caller runs from (the directory holding SweepGrid.sln).</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    /// <summary>Release or Debug: the configuration the calling assembly was built in (bin/CONFIG/net10.0/).</summary>
    public static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The committed MNIST subset (2,000 train / 500 test): a data.dir holding mnist/.</summary>
    public static string MnistSubsetRoot => PathOf("tests", "data");

    /// <summary>A built program of this checkout, e.g. ("src/SiloHost", "SweepGrid.SiloHost.dll"); fails with the fix when missing.</summary>
    public static string BuiltDll(string project, string dll)
    {
        var path = PathOf(project, "bin", BuildConfiguration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; run dotnet build SweepGrid.sln -c {BuildConfiguration}", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SweepGrid.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"SweepGrid.sln not found above {AppContext.BaseDirectory}.");
    }
}
