namespace SweepGrid.Tests.Postgres;

/// <summary>What one run of the migrate command returned and printed.</summary>
internal sealed record MigrateRun(int ExitCode, string Output, string Error)
{
    public string Printed => Output + Error;

    public override string ToString() => $"exit {ExitCode}; stdout:\n{Output}\nstderr:\n{Error}";
}
