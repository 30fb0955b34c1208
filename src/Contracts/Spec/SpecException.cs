namespace SweepGrid.Contracts.Spec;

/// <summary>A spec was rejected; <see cref="Problems"/> lists every problem found, not just the first.</summary>
[GenerateSerializer]
public sealed class SpecException : Exception
{
    public SpecException(string source, IReadOnlyList<SpecProblem> problems)
        : base($"{source}: invalid spec ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):{Environment.NewLine}" +
               string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Source = source;
        Problems = problems;
    }

    [Id(0)] public new string Source { get; }
    [Id(1)] public IReadOnlyList<SpecProblem> Problems { get; }
}
