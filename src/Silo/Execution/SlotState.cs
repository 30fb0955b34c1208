namespace SweepGrid.Silo.Execution;

/// <summary>This silo's slots: how many, how many are busy, and the most ever busy at once.</summary>
public sealed class SlotState
{
    private int _running;
    private int _maxRunning;

    public int Total { get; set; }
    public int Running => Volatile.Read(ref _running);
    public int MaxRunning => Volatile.Read(ref _maxRunning);
    public string Silo { get; set; } = "";

    internal void Enter()
    {
        var now = Interlocked.Increment(ref _running);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, seen) != seen)
        {
        }
    }

    internal void Exit() => Interlocked.Decrement(ref _running);
}
