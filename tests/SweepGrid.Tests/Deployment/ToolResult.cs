namespace SweepGrid.Tests.Deployment;

/// <summary>The outcome of one external command.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string Describe() => $"`{Command}` exited with {ExitCode}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
