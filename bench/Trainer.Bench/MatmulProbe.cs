using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepGrid.Bench.Trainer;

/// <summary>
/// This machine's dense float32 matmul rate: n×n @ n×n products (2n³ FLOPs each), timed in repetitions of
/// enough products to last ~0.25 s, with the device synchronised before the clock stops.
/// </summary>
public sealed class MatmulProbe : IDisposable
{
    public const int N = 2048;
    private const double RepetitionSeconds = 0.25;

    private readonly Device _device;
    private readonly Tensor _a;
    private readonly Tensor _b;
    private int _perRepetition = 1;

    public MatmulProbe(Device device)
    {
        _device = device;
        var g = new Generator(17, device);
        _a = randn([N, N], dtype: ScalarType.Float32, device: device, generator: g);
        _b = randn([N, N], dtype: ScalarType.Float32, device: device, generator: g);
        g.Dispose();
    }

    public static double FlopsPerProduct => 2.0 * N * N * N;

    /// <summary>Runs a few products untimed, then sizes a repetition from one timed one.</summary>
    public void WarmUp()
    {
        Time(3);
        var once = Time(1);
        _perRepetition = Math.Max(1, (int)Math.Ceiling(RepetitionSeconds / Math.Max(once, 1e-6)));
    }

    /// <summary>Repetitions for about <paramref name="seconds"/> (at least three); the median rate in FLOP/s.</summary>
    public double Measure(double seconds)
    {
        var rates = new List<double>();
        var clock = Stopwatch.StartNew();
        while (rates.Count < 3 || clock.Elapsed.TotalSeconds < seconds)
        {
            rates.Add(_perRepetition * FlopsPerProduct / Time(_perRepetition));
        }
        return Stats.Median(rates);
    }

    private double Time(int products)
    {
        Sync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < products; i++)
        {
            using var c = mm(_a, _b);
        }
        Sync();
        return clock.Elapsed.TotalSeconds;
    }

    private void Sync()
    {
        if (_device.type == DeviceType.CUDA)
        {
            cuda.synchronize(_device);
        }
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    /// <summary>
    /// The rate per CPU-second rather than per second: the products on one intra-op thread for about
    /// <paramref name="seconds"/>, over the process's CPU time. On a machine shared with other work this still says
    /// what a core computes while it runs, where the wall-clock rate says what share of the cores this process got.
    /// </summary>
    public double MeasurePerCpuSecond(double seconds)
    {
        var threads = get_num_threads();
        set_num_threads(1);
        try
        {
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long products = 0;
            while (products < 3 || clock.Elapsed.TotalSeconds < seconds)
            {
                Time(1);
                products++;
            }
            process.Refresh();
            return products * FlopsPerProduct / (process.TotalProcessorTime - cpu0).TotalSeconds;
        }
        finally
        {
            set_num_threads(threads);
        }
    }
}
