namespace SweepGrid.Tests.Observability;

/// <summary>An instant query's answer: "success" with samples, or "error" with Prometheus' message.</summary>
internal sealed record PromResponse(string Status, string? Error, IReadOnlyList<PromSample> Samples);
