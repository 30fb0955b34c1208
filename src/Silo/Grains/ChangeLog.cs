namespace SweepGrid.Silo.Grains;

/// <summary>
/// Which keys changed since a given change number, in the order of their latest change: a key changed again moves to
/// the end. Touching a key and asking what changed since a recent number cost in proportion to what changed, never to
/// the number of keys, so a watcher of a 10,000-trial sweep is sent the few trials that moved.
/// </summary>
internal sealed class ChangeLog
{
    private readonly LinkedList<(string Key, long Change)> _order = new();
    private readonly Dictionary<string, LinkedListNode<(string Key, long Change)>> _nodes = new(StringComparer.Ordinal);

    /// <summary>The number of the latest change (0 before the first).</summary>
    public long Latest { get; private set; }

    public void Touch(string key)
    {
        Latest++;
        if (_nodes.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            node.Value = (key, Latest);
            _order.AddLast(node);
        }
        else
        {
            _nodes[key] = _order.AddLast((key, Latest));
        }
    }

    /// <summary>Keys whose latest change is after <paramref name="change"/>, oldest change first.</summary>
    public List<string> Since(long change)
    {
        var keys = new List<string>();
        for (var node = _order.Last; node is not null && node.Value.Change > change; node = node.Previous)
        {
            keys.Add(node.Value.Key);
        }
        keys.Reverse();
        return keys;
    }
}
