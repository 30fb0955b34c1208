using System.Diagnostics;
using System.Runtime.ExceptionServices;
using SweepGrid.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// How a fused group's epoch uses the CPU's cores. At the sizes sweeps use (batch 64, a few members, layers of a few
/// hundred units) one step is dozens of small kernels. Spread over the cores by libtorch's intra-op threads, each kernel
/// is a fork and a join whose barrier waits on the slowest core, and the dispatch between kernels does not parallelise:
/// two cores trained the reference sweep little faster than one, and on a busy machine the spinning OpenMP threads
/// took most of the process's CPU time. Members never interact, so instead the group is cut into slices of members
/// (<see cref="FusedMlp.Slice"/>) that train a whole epoch each on a thread of their own with single-threaded kernels
/// and meet only at its end. Each slice takes its members' parameters and momentum from the whole group before the
/// epoch and gives them back after it (copies, exact), so checkpoints, weight norms and masking keep working on the
/// whole group as before. When the members do not split evenly over the cores, every member gets its own thread and
/// the scheduler shares the cores out (no thread waits on another mid-epoch, so a descheduled one holds up nobody).
/// Each member's arithmetic is the same kernels on the same values whatever its slice, so its metrics do not change.
/// On CUDA (one stream) the group stays whole.
/// </summary>
internal sealed class FusedPartitions : IDisposable
{
    private readonly Part[] _parts;
    private readonly int _threadsEach;
    private readonly bool _sliced;

    private readonly FusedMlp _model;
    private readonly FusedSgd _optimizer;

    /// <param name="slices">Overrides the number of slices on CPU (at most one per member); null: <see cref="Count"/>.</param>
    public FusedPartitions(FusedMlp model, FusedSgd optimizer, Device device, int? slices = null)
    {
        _model = model;
        _optimizer = optimizer;
        var members = model.Members;
        var cores = Environment.ProcessorCount;
        var count = device.type != DeviceType.CPU ? 1
            : slices is { } forced ? Math.Clamp(forced, 1, members)
            : Count(members, cores, Environment.GetEnvironmentVariable(SlicesVariable));
        _sliced = count > 1;
        _threadsEach = Math.Max(1, cores / count);
        _parts = new Part[count];
        var start = 0;
        for (var p = 0; p < count; p++)
        {
            var size = (members / count) + (p < members % count ? 1 : 0);
            if (_sliced)
            {
                var slice = model.Slice(start, size);
                _parts[p] = new Part(start, size, slice, optimizer.Slice(start, size, slice.Parameters()));
            }
            else
            {
                _parts[p] = new Part(0, members, model, optimizer);
            }
            start += size;
        }
    }

    /// <summary>Overrides the number of slices on CPU (1: the whole group on libtorch's intra-op threads, as before slicing); for measurements.</summary>
    public const string SlicesVariable = "SWEEPGRID_FUSED_SLICES";

    /// <summary>
    /// Slices for <paramref name="members"/> members on <paramref name="cores"/> cores: one if either is 1; as many as cores
    /// when they divide the members evenly; else one per member, up to four per core. <paramref name="overrideText"/>, when
    /// a positive integer, wins (at most one slice per member).
    /// </summary>
    public static int Count(int members, int cores, string? overrideText = null)
    {
        if (int.TryParse(overrideText, System.Globalization.CultureInfo.InvariantCulture, out var forced) && forced > 0)
        {
            return Math.Min(forced, Math.Max(members, 1));
        }
        if (members <= 1 || cores <= 1)
        {
            return 1;
        }
        if (members % cores == 0 || members > 4 * cores)
        {
            return Math.Min(members, cores);
        }
        return members;
    }

    /// <summary>Trains and evaluates one epoch of every slice with an active member; entry k of each array is member k's.</summary>
    public EpochResult Run(DeviceData data, TrialConfig config, bool[] active, int epoch, CancellationToken ct)
    {
        var k = active.Length;
        var result = new EpochResult(new double[k], new double[k], new bool[k], new double[k], new double[k]);
        Array.Fill(result.TrainLoss, double.NaN);
        Array.Fill(result.TestLoss, double.NaN);
        if (!_sliced)
        {
            var clock = Stopwatch.StartNew();
            RunPart(_parts[0], data, config, active, epoch, ct, result);
            return result with { TrainSeconds = clock.Elapsed.TotalSeconds - result.EvaluationSeconds[0] };
        }
        var before = get_num_threads();
        var errors = new Exception?[_parts.Length];
        var threads = new List<Thread>();
        var wall = Stopwatch.StartNew();
        for (var p = 0; p < _parts.Length; p++)
        {
            var part = _parts[p];
            if (!active.Skip(part.Start).Take(part.Count).Any(a => a))
            {
                continue;
            }
            var index = p;
            _model.CopySlice(part.Model, part.Start, intoSlice: true);
            _optimizer.CopySlice(part.Optimizer, part.Start, intoSlice: true);
            var thread = new Thread(() =>
            {
                try
                {
                    set_num_threads(_threadsEach);
                    RunPart(part, data, config, active, epoch, ct, result);
                }
                catch (Exception e)
                {
                    errors[index] = e;
                }
            })
            { IsBackground = true, Name = $"fused members {part.Start}-{part.Start + part.Count - 1}" };
            threads.Add(thread);
            thread.Start();
        }
        foreach (var t in threads)
        {
            t.Join();
        }
        var elapsed = wall.Elapsed.TotalSeconds;
        foreach (var part in _parts.Where(p => active.Skip(p.Start).Take(p.Count).Any(a => a)))
        {
            // Also after a failed or cancelled epoch: the whole group then holds what the slices hold, as it would unsliced.
            _model.CopySlice(part.Model, part.Start, intoSlice: false);
            _optimizer.CopySlice(part.Optimizer, part.Start, intoSlice: false);
        }
        // set_num_threads also sets the count later threads start with; give that back.
        set_num_threads(before);
        var error = errors.FirstOrDefault(e => e is OperationCanceledException) ?? errors.FirstOrDefault(e => e is not null);
        if (error is not null)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
        return result with { TrainSeconds = elapsed - result.EvaluationSeconds.Max() };
    }

    private static void RunPart(Part part, DeviceData data, TrialConfig config, bool[] active, int epoch, CancellationToken ct, EpochResult into)
    {
        var slice = active[part.Start..(part.Start + part.Count)];
        var (trainLoss, trainAccuracy, finite) = FusedPass.Train(part.Model, part.Optimizer, data, config, slice, epoch, ct);
        var clock = Stopwatch.StartNew();
        var (testLoss, testAccuracy) = FusedPass.Evaluate(part.Model, data, config);
        into.EvaluationSeconds[part.Start] = clock.Elapsed.TotalSeconds;
        trainLoss.CopyTo(into.TrainLoss, part.Start);
        trainAccuracy.CopyTo(into.TrainAccuracy, part.Start);
        finite.CopyTo(into.Finite, part.Start);
        testLoss.CopyTo(into.TestLoss, part.Start);
        testAccuracy.CopyTo(into.TestAccuracy, part.Start);
    }

    public void Dispose()
    {
        if (_sliced)
        {
            foreach (var p in _parts)
            {
                p.Optimizer.Dispose();
                p.Model.Dispose();
            }
        }
    }

    private sealed record Part(int Start, int Count, FusedMlp Model, FusedSgd Optimizer);

    /// <summary>An epoch's metrics by member; <see cref="TrainSeconds"/>: the group's training time, evaluation excluded.</summary>
    internal sealed record EpochResult(double[] TrainLoss, double[] TrainAccuracy, bool[] Finite, double[] TestLoss, double[] TestAccuracy)
    {
        public double[] EvaluationSeconds { get; } = new double[TrainLoss.Length];
        public double TrainSeconds { get; init; }
    }
}
