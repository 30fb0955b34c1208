using System.Text.Json;

namespace SweepGrid.Tests.Browser;

/// <summary>A DevTools protocol event: its method (e.g. Runtime.exceptionThrown), parameters and page session.</summary>
internal sealed record CdpEvent(string Method, JsonElement Params, string? SessionId);
