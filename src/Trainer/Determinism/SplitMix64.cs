namespace SweepGrid.Trainer.Determinism;

/// <summary>
/// A tiny, fully specified PRNG (Steele et al., SplitMix64). Used instead of <see cref="Random"/> so that
/// initial weights and data order are a documented function of the seed, identical across .NET versions,
/// and shared by every code path that must agree (unfused and fused trials, resumed runs).
/// </summary>
public struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound) without modulo bias (Lemire's method).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var m = (UInt128)NextUInt64() * (ulong)bound;
        var low = (ulong)m;
        if (low < (ulong)bound)
        {
            var threshold = (0UL - (ulong)bound) % (ulong)bound;
            while (low < threshold)
            {
                m = (UInt128)NextUInt64() * (ulong)bound;
                low = (ulong)m;
            }
        }
        return (int)(m >> 64);
    }

    /// <summary>Standard normal by Box-Muller (one of the pair; simplicity over speed).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Derives an independent stream for a purpose (e.g. "epoch 7 order") from a base seed.</summary>
    public static SplitMix64 For(long seed, ulong purpose, ulong index = 0)
    {
        var mixer = new SplitMix64((ulong)seed ^ (purpose * 0xD1B54A32D192ED03UL));
        var s = mixer.NextUInt64() ^ (index * 0x9E3779B97F4A7C15UL);
        return new SplitMix64(new SplitMix64(s).NextUInt64());
    }

    /// <summary>A Fisher-Yates permutation of 0..n-1.</summary>
    public static long[] Permutation(int n, SplitMix64 rng)
    {
        var p = new long[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = i;
        }
        for (var i = n - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }
}
