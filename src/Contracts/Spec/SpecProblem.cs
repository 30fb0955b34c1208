namespace SweepGrid.Contracts.Spec;

/// <summary>One thing wrong with a spec: where (a dotted path such as <c>optimizer.lr</c>) and what was expected.</summary>
[GenerateSerializer, Immutable]
public sealed record SpecProblem([property: Id(0)] string Path, [property: Id(1)] string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
