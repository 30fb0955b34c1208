using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// One pass over the YAML parser's events, before any node is built. YamlDotNet's representation model recurses
/// without a depth limit (a deeply nested document overflows the stack, which no catch can stop) and hashes keys
/// recursively (a self-referencing anchor used as a key never returns). The event parser itself is iterative, so this
/// pass is safe on any input: it bounds nesting and aliases, and refuses what a spec never needs — several documents,
/// complex keys, anchors or aliases as keys, recursive aliases — and duplicate keys, which YAML forbids.
/// </summary>
internal static class YamlGuard
{
    /// <summary>The problems found (at most a handful: parsing stops at the first structural one).</summary>
    public static List<SpecProblem> Check(string yaml)
    {
        var problems = new List<SpecProblem>();
        var frames = new Stack<Frame>();
        var open = new HashSet<string>(StringComparer.Ordinal);
        var documents = 0;
        var aliases = 0;
        var parser = new Parser(new StringReader(yaml));
        var at = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                at = e.Start;
                switch (e)
                {
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            problems.Add(Problem(e.Start, "a second YAML document ('---'); a spec is one document"));
                            return problems;
                        }
                        break;
                    case AnchorAlias alias:
                        if (++aliases > SpecLimits.MaxAliases)
                        {
                            problems.Add(Problem(e.Start, $"more than {SpecLimits.MaxAliases} aliases"));
                            return problems;
                        }
                        if (open.Contains(alias.Value.Value))
                        {
                            problems.Add(Problem(e.Start, $"alias *{UserInput.Excerpt(alias.Value.Value)} refers to a node that contains it (recursive)"));
                            return problems;
                        }
                        if (Key(frames, e, "an alias") is { } aliasKey)
                        {
                            problems.Add(aliasKey);
                            return problems;
                        }
                        break;
                    case Scalar scalar:
                        if (frames.TryPeek(out var f) && f.Mapping && f.ExpectKey)
                        {
                            if (!scalar.Anchor.IsEmpty)
                            {
                                problems.Add(Problem(e.Start, $"an anchor (&{UserInput.Excerpt(scalar.Anchor.Value)}) on a key; anchors are allowed on values only"));
                                return problems;
                            }
                            if (!f.Keys.Add(scalar.Value))
                            {
                                problems.Add(Problem(e.Start, $"duplicate key '{UserInput.Excerpt(scalar.Value)}'"));
                            }
                        }
                        Advance(frames);
                        break;
                    case MappingStart or SequenceStart:
                        if (Key(frames, e, "a mapping or list") is { } complex)
                        {
                            problems.Add(complex);
                            return problems;
                        }
                        if (frames.Count >= SpecLimits.MaxDepth)
                        {
                            problems.Add(Problem(e.Start, $"nested deeper than {SpecLimits.MaxDepth} levels"));
                            return problems;
                        }
                        var anchor = ((NodeEvent)e).Anchor;
                        if (!anchor.IsEmpty)
                        {
                            open.Add(anchor.Value);
                        }
                        frames.Push(new Frame(e is MappingStart, anchor.IsEmpty ? null : anchor.Value));
                        break;
                    case MappingEnd or SequenceEnd:
                        if (frames.Pop().Anchor is { } closed)
                        {
                            open.Remove(closed);
                        }
                        Advance(frames);
                        break;
                }
            }
        }
        catch (YamlException x)
        {
            problems.Add(Problem(x.Start, $"not valid YAML: {UserInput.Excerpt(x.Message)}"));
        }
        catch (Exception x) when (x is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some malformed input this way, without a position: give the last one reached.
            problems.Add(Problem(at, $"not valid YAML: {UserInput.Excerpt(x.Message)}"));
        }
        return problems;
    }

    /// <summary>The problem when <paramref name="e"/> stands where a mapping expects a key and is not a plain scalar.</summary>
    private static SpecProblem? Key(Stack<Frame> frames, ParsingEvent e, string what)
    {
        if (frames.TryPeek(out var f) && f.Mapping && f.ExpectKey)
        {
            return Problem(e.Start, $"{what} as a key; keys must be plain names");
        }
        if (e is AnchorAlias)
        {
            Advance(frames);
        }
        return null;
    }

    /// <summary>A node finished: in a mapping, a key is followed by its value and a value by the next key.</summary>
    private static void Advance(Stack<Frame> frames)
    {
        if (frames.TryPeek(out var f) && f.Mapping)
        {
            f.ExpectKey = !f.ExpectKey;
        }
    }

    internal static SpecProblem Problem(Mark at, string message) => new($"(line {at.Line}, column {at.Column})", message);

    private sealed class Frame(bool mapping, string? anchor)
    {
        public bool Mapping { get; } = mapping;
        public string? Anchor { get; } = anchor;
        public bool ExpectKey { get; set; } = true;
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
