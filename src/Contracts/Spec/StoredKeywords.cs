namespace SweepGrid.Contracts.Spec;

/// <summary>
/// Reads keywords that spec records stored before their keywords had types. Those sweeps (grain state in PostgreSQL or
/// run directories) hold them as strings under the old field ids; each record reads them into private legacy fields
/// and, once Orleans has deserialized it (<see cref="Orleans.Serialization.IOnDeserialized"/>), converts them to its
/// typed fields and clears them, so they are never written again.
/// </summary>
internal static class StoredKeywords
{
    /// <summary>A stored keyword as its value; stored specs were validated, so anything else is corrupt data.</summary>
    public static T Read<T>(KeywordTable<T> table, string stored) where T : struct, Enum =>
        table.TryParse(stored, out var value)
            ? value
            : throw new InvalidDataException($"stored spec holds '{UserInput.Excerpt(stored)}' as its {table.Field}; expected one of {string.Join(", ", table.Keywords)}");

    /// <summary>A stored fuse policy (auto, off or a number) as its value.</summary>
    public static FusePolicy ReadFuse(string stored) =>
        FusePolicy.TryParse(stored, out var policy)
            ? policy
            : throw new InvalidDataException($"stored spec holds '{UserInput.Excerpt(stored)}' as its fuse policy; expected auto, off or a group size >= 1");
}
