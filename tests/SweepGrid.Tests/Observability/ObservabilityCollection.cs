using Xunit;

namespace SweepGrid.Tests.Observability;

/// <summary>
/// Observability tests run alone: they host real silos and Prometheus servers, and the "SweepGrid" meter is
/// process-wide, so another collection's silos would otherwise show up on these silos' /metrics.
/// </summary>
[CollectionDefinition(nameof(ObservabilityCollection), DisableParallelization = true)]
public sealed class ObservabilityCollection;
