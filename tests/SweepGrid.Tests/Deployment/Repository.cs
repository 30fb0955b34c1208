namespace SweepGrid.Tests.Deployment;

/// <summary>Paths in the checkout the tests run from (the directory holding SweepGrid.sln).</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>The configuration (Release or Debug) the tests were built in; the silo was built alongside.</summary>
    public static string BuildConfiguration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Release";

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
