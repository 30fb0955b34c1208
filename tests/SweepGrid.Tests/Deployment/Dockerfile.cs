using System.Text.RegularExpressions;

namespace SweepGrid.Tests.Deployment;

/// <summary>One instruction of a Dockerfile, with the stage it belongs to (null before the first FROM).</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, string? Stage);

/// <summary>A Dockerfile read the way the builder reads it: continuation lines joined, comments dropped.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> instructions) => Instructions = instructions;

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>ARG defaults declared before the first FROM (the ones FROM lines may use).</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs =>
        Instructions.Where(i => i.Stage is null && i.Keyword == "ARG" && i.Arguments.Contains('=', StringComparison.Ordinal))
            .Select(i => i.Arguments.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    public IEnumerable<string> Stages => Instructions.Select(i => i.Stage).OfType<string>().Distinct();

    public IEnumerable<DockerInstruction> In(string stage) => Instructions.Where(i => i.Stage == stage);

    /// <summary>The image each stage starts from, with global ARG defaults substituted.</summary>
    public IReadOnlyDictionary<string, string> BaseImages =>
        Instructions.Where(i => i.Keyword == "FROM").ToDictionary(i => i.Stage!, i => Substitute(i.Arguments.Split(' ')[0]));

    public static Dockerfile Load(string text)
    {
        var instructions = new List<DockerInstruction>();
        string? stage = null;
        var logical = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            logical += line.EndsWith('\\') ? line[..^1] + " " : line;
            if (line.EndsWith('\\') || string.IsNullOrWhiteSpace(logical))
            {
                continue;
            }

            var parts = logical.Trim().Split(' ', 2);
            var keyword = parts[0].ToUpperInvariant();
            var arguments = Spaces().Replace(parts.Length > 1 ? parts[1].Trim() : "", " ");
            if (keyword == "FROM")
            {
                var from = arguments.Split(' ');
                stage = from.Length == 3 && from[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? from[2] : $"stage{instructions.Count}";
            }

            instructions.Add(new DockerInstruction(keyword, arguments, stage));
            logical = "";
        }

        return new Dockerfile(instructions);
    }

    private string Substitute(string value) =>
        Variable().Replace(value, m => GlobalArgs.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}")]
    private static partial Regex Variable();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
