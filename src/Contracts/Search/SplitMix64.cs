namespace SweepGrid.Contracts.Search;

/// <summary>
/// A SplitMix64 stream. Each (seed, index, attempt, purpose) gets its own stream, so a sampler keeps no RNG state:
/// a resumed sweep asks the same questions and gets the same points.
/// </summary>
internal struct SplitMix64
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    private SplitMix64(ulong state) => _state = state;

    /// <summary>The stream for one draw; <paramref name="purpose"/> keeps samplers that share a seed apart.</summary>
    public static SplitMix64 For(ulong seed, int index, int attempt, ulong purpose)
    {
        var s = Mix(seed ^ Mix(purpose + Golden));
        s = Mix(s ^ Mix(((ulong)(uint)index << 1) + 0x632BE59BD9B4E019UL));
        s = Mix(s ^ Mix(((ulong)(uint)attempt << 1) + 0x8CB92BA72F3D8DD7UL));
        return new SplitMix64(s);
    }

    public ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1): safe to take the log of.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public long NextLong(long n) => (long)Math.BigMul(NextUInt64(), (ulong)n, out _);

    /// <summary>A standard normal draw (Box-Muller, one of the pair).</summary>
    public double NextGaussian()
    {
        var u1 = NextOpenDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
