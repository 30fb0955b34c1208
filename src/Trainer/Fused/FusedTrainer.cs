using System.Diagnostics;
using SweepGrid.Trainer.Training;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// Trains K trials that differ only in learning rate, momentum, Nesterov and weight decay as one network
/// whose parameters are stacked along a member dimension, so every layer is one batched matmul over all
/// members instead of K small ones. Member k trains exactly as <see cref="TrialTrainer"/> would train
/// <c>members[k]</c> alone: same initial weights (same seed), same mini-batches in the same order, the same
/// per-member batch-mean loss and gradient, the same SGD step; metrics agree to rounding (float64: ~1e-12).
/// <para>
/// A member can be masked (cancelled, or diverged: any NaN/inf in its loss) without disturbing the others:
/// members only meet in the sum of their losses that backward starts from, and a masked member's term is
/// replaced by zero there and its parameters stop moving. A member converts to and from the unfused
/// checkpoint format, so it can leave the group and continue alone, or join one from an unfused run.
/// </para>
/// <para>
/// On CPU, a large group's per-step tensors (K = 64 with a 784-512 first layer: a 100 MiB gradient) exceed
/// glibc's 32 MiB mmap threshold, so with the default allocator they are page-faulted in afresh every step,
/// which costs more than the arithmetic; run such groups in a process with MALLOC_MMAP_MAX_=0 and a large
/// MALLOC_TRIM_THRESHOLD_ (or the equivalent mallopt calls). CUDA's caching allocator has no such cost.
/// </para>
/// <para>
/// Synchronous like <see cref="TrialTrainer"/>: <see cref="RunEpoch"/> returns when the epoch is done. On CPU it trains
/// slices of the members on threads of its own for the length of the epoch (see <see cref="FusedPartitions"/>).
/// </para>
/// </summary>
public sealed class FusedTrainer : IEpochTrainer
{
    private readonly TrialConfig[] _members;
    private readonly DeviceData _data;
    private readonly FusedMlp _model;
    private readonly FusedSgd _optimizer;
    private readonly FusedPartitions _partitions;
    private readonly bool[] _active;
    private readonly string?[] _maskReasons;
    private readonly int[] _epochs;
    private readonly bool[] _momentumStarted;

    /// <param name="members">The trials to train together; all must be <see cref="AreFusible"/> with the first.</param>
    /// <param name="data">The shared data set, on the device and in the dtype the members train in.</param>
    public FusedTrainer(IReadOnlyList<TrialConfig> members, DeviceData data)
        : this(members, data, slices: null)
    {
    }

    /// <param name="slices">On CPU, how many slices of members train side by side (see <see cref="FusedPartitions"/>); null: its default.</param>
    internal FusedTrainer(IReadOnlyList<TrialConfig> members, DeviceData data, int? slices)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(data);
        if (members.Count == 0)
        {
            throw new ArgumentException("a fused group needs at least one member", nameof(members));
        }
        for (var k = 0; k < members.Count; k++)
        {
            if (Fusibility.FirstDifference(members[0], members[k]) is { } field)
            {
                throw new ArgumentException($"members[{k}] cannot be fused with members[0]: {field} differs", nameof(members));
            }
            Fusibility.ValidateOptimizer(members[k], k);
        }
        var first = members[0];
        if (first.DType != data.DType)
        {
            throw new ArgumentException($"trial dtype {first.DType} differs from the data's {data.DType}", nameof(members));
        }
        _members = [.. members];
        _data = data;
        var k0 = _members.Length;
        _model = new FusedMlp(k0, data.Dataset.Features, first.Hidden, data.Dataset.Classes, first.Activation, first.Seed, first.DType, data.Device);
        _optimizer = new FusedSgd(_model.Parameters(),
            [.. _members.Select(m => m.LearningRate)], [.. _members.Select(m => m.Momentum)],
            [.. _members.Select(m => m.Nesterov)], [.. _members.Select(m => m.WeightDecay)]);
        _partitions = new FusedPartitions(_model, _optimizer, data.Device, slices);
        _active = [.. Enumerable.Repeat(true, k0)];
        _maskReasons = new string?[k0];
        _epochs = new int[k0];
        _momentumStarted = new bool[k0];
    }

    /// <summary>The members' trial settings, in member order.</summary>
    public IReadOnlyList<TrialConfig> Members => _members;

    /// <summary>Members still training.</summary>
    public int ActiveCount => _active.Count(a => a);

    /// <summary>
    /// Epochs completed by the active members (the lowest, should checkpoint loads have left them at different
    /// epochs); when none is active, the highest any member reached.
    /// </summary>
    public int CompletedEpochs => ActiveCount > 0
        ? Enumerable.Range(0, _members.Length).Where(k => _active[k]).Min(k => _epochs[k])
        : _epochs.Max();

    /// <summary>Epochs member <paramref name="member"/> has completed (trained here or restored).</summary>
    public int MemberCompletedEpochs(int member) => _epochs[Check(member)];

    /// <summary>True until the member is masked (by <see cref="Mask"/> or by diverging).</summary>
    public bool IsActive(int member) => _active[Check(member)];

    /// <summary>Why the member was masked; null while it is active.</summary>
    public string? MaskReason(int member) => _maskReasons[Check(member)];

    /// <summary>
    /// Stops training a member: it gets no further updates and no metrics, and the others train on exactly as
    /// before. Its parameters stay as they were, so it can still be saved. Masking a masked member keeps the
    /// first reason.
    /// </summary>
    public void Mask(int member, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (_active[Check(member)])
        {
            _active[member] = false;
            _maskReasons[member] = reason;
        }
    }

    /// <summary>
    /// Trains the next epoch of every active member and evaluates it. Entry k is member k's metrics, or null if
    /// it was masked before this epoch. A member whose metrics are not finite diverged during this epoch: its
    /// metrics are returned (as <see cref="TrialTrainer.RunEpoch"/> would return them) and it is then masked
    /// with the reason "diverged at epoch N (…)". <see cref="EpochMetrics.Seconds"/> and
    /// <see cref="EpochMetrics.SamplesPerSecond"/> are the group's: each member saw every training example
    /// once in that time. Cancellation is checked between batches, as in <see cref="TrialTrainer.RunEpoch"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No member is active, or active members are at different epochs.</exception>
    public IReadOnlyList<EpochMetrics?> RunEpoch(CancellationToken ct = default)
    {
        var running = Enumerable.Range(0, _members.Length).Where(k => _active[k]).ToArray();
        if (running.Length == 0)
        {
            throw new InvalidOperationException("no active member left to train");
        }
        if (running.Select(k => _epochs[k]).Distinct().Count() > 1)
        {
            throw new InvalidOperationException(
                $"active members are at different epochs ({string.Join(", ", running.Select(k => $"member {k}: {_epochs[k]}"))}); they must be at the same epoch to train together");
        }
        var epoch = _epochs[running[0]] + 1;
        var clock = Stopwatch.StartNew();
        var r = _partitions.Run(_data, _members[0], _active, epoch, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var n = _data.TrainCount;
        var results = new EpochMetrics?[_members.Length];
        foreach (var k in running)
        {
            var m = new EpochMetrics(epoch, r.TrainLoss[k], r.TrainAccuracy[k], r.TestLoss[k], r.TestAccuracy[k], seconds, n / r.TrainSeconds);
            results[k] = m;
            _epochs[k] = epoch;
            _momentumStarted[k] = true;
            if (!m.IsFinite || !r.Finite[k])
            {
                Mask(k, m.DivergenceMessage);
            }
        }
        return results;
    }

    /// <summary>L2 norm of the member's weight matrices (biases excluded), as <see cref="TrialTrainer.WeightNorm"/>.</summary>
    public double WeightNorm(int member)
    {
        Check(member);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        double sumSq = 0;
        foreach (var w in _model.Weights)
        {
            sumSq += w[member].to_type(ScalarType.Float64).pow(2).sum().item<double>();
        }
        return Math.Sqrt(sumSq);
    }

    /// <summary>
    /// Writes the member's state as the checkpoint <see cref="TrialTrainer.SaveCheckpoint"/> would write for
    /// <c>Members[member]</c> after <see cref="MemberCompletedEpochs"/> epochs (same format and fingerprint), so
    /// <see cref="TrialTrainer.LoadCheckpoint"/> continues it alone.
    /// </summary>
    public void SaveMemberCheckpoint(int member, Stream stream) =>
        MemberCheckpoint.Save(stream, _members[Check(member)], _data, _model, _optimizer, member, _epochs[member], _momentumStarted[member]);

    /// <summary>
    /// Restores member <paramref name="member"/> from a checkpoint of the unfused trial <c>Members[member]</c>
    /// (one written by <see cref="TrialTrainer.SaveCheckpoint"/> or <see cref="SaveMemberCheckpoint"/>) and
    /// makes it active again. Members train together only once all active ones are at the same epoch.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint belongs to another trial or is damaged; the message names <paramref name="origin"/>.</exception>
    public void LoadMemberCheckpoint(int member, Stream stream, string origin)
    {
        var (epoch, started) = MemberCheckpoint.Load(stream, origin, _members[Check(member)], _data, _model, _optimizer, member);
        _epochs[member] = epoch;
        _momentumStarted[member] = started;
        _active[member] = true;
        _maskReasons[member] = null;
    }

    /// <summary>Whether two trials can train in one group: everything but learning rate, momentum, Nesterov and weight decay must match.</summary>
    public static bool AreFusible(TrialConfig a, TrialConfig b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Fusibility.FirstDifference(a, b) is null;
    }

    int IEpochTrainer.MemberCount => _members.Length;

    void IEpochTrainer.SaveCheckpoint(int member, Stream stream) => SaveMemberCheckpoint(member, stream);

    void IEpochTrainer.LoadCheckpoint(int member, Stream stream, string origin) => LoadMemberCheckpoint(member, stream, origin);

    public void Dispose()
    {
        _partitions.Dispose();
        _optimizer.Dispose();
        _model.Dispose();
    }

    private int Check(int member)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, _members.Length);
        return member;
    }
}
