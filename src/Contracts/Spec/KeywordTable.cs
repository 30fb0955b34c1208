using System.Collections.Frozen;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// The one correspondence between a spec field's keywords and its values: the parser reads keywords through it and
/// everything that prints a value (reports, fingerprints, JSON) writes the keyword back through it.
/// </summary>
/// <typeparam name="T">The field's enum.</typeparam>
public sealed class KeywordTable<T> where T : struct, Enum
{
    private readonly FrozenDictionary<string, T> _byKeyword;
    private readonly FrozenDictionary<T, string> _byValue;

    /// <param name="field">What the keywords name, for messages (e.g. "activation").</param>
    /// <param name="entries">Every value with its keyword, in the order messages list them.</param>
    public KeywordTable(string field, params (T Value, string Keyword)[] entries)
    {
        Field = field;
        Keywords = [.. entries.Select(e => e.Keyword)];
        Values = [.. entries.Select(e => e.Value)];
        _byKeyword = entries.ToFrozenDictionary(e => e.Keyword, e => e.Value, StringComparer.Ordinal);
        _byValue = entries.ToFrozenDictionary(e => e.Value, e => e.Keyword);
        var missing = Enum.GetValues<T>().Where(v => !_byValue.ContainsKey(v)).ToList();
        if (missing.Count > 0 || _byKeyword.Count != entries.Length || _byValue.Count != entries.Length)
        {
            throw new ArgumentException($"the {field} keywords must name every {typeof(T).Name} exactly once", nameof(entries));
        }
    }

    /// <summary>What the keywords name, for messages.</summary>
    public string Field { get; }

    /// <summary>Every keyword, in the order messages list them.</summary>
    public IReadOnlyList<string> Keywords { get; }

    /// <summary>Every value, in the order of <see cref="Keywords"/>.</summary>
    public IReadOnlyList<T> Values { get; }

    /// <summary>The keyword of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public string Keyword(T value) =>
        _byValue.TryGetValue(value, out var keyword) ? keyword : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {Field}");

    /// <summary>The value a keyword names (exact, case-sensitive match).</summary>
    public bool TryParse(string keyword, out T value) => _byKeyword.TryGetValue(keyword, out value);

    /// <summary>The value a keyword names.</summary>
    /// <exception cref="FormatException">Not one of <see cref="Keywords"/>.</exception>
    public T Parse(string keyword) => TryParse(keyword, out var value)
        ? value
        : throw new FormatException($"'{UserInput.Excerpt(keyword)}' is not a {Field}; expected one of {string.Join(", ", Keywords)}");
}
