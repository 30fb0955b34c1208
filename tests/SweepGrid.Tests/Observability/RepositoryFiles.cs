namespace SweepGrid.Tests.Observability;

/// <summary>Files of the repository the tests run from (found by walking up to SweepGrid.sln).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static IReadOnlyList<string> Dashboards() =>
        [.. Directory.GetFiles(Path("grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SweepGrid.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"SweepGrid.sln not found above {AppContext.BaseDirectory}");
    }
}
