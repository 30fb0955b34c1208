using System.Diagnostics;
using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Optim;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Training;

/// <summary>
/// Trains one trial an epoch at a time. Synchronous and single-threaded by design: callers run it on a thread
/// of their own and decide what to do between epochs (persist, checkpoint, report, stop).
/// Epoch e's data order is a permutation drawn from (seed, e) alone, so a trial restored from a checkpoint
/// after epoch k continues exactly as an uninterrupted run would.
/// </summary>
public sealed class TrialTrainer : IEpochTrainer
{
    private readonly DeviceData _data;
    private readonly Mlp _model;
    private readonly Sgd _optimizer;
    private string? _maskReason;

    public TrialTrainer(TrialConfig config, DeviceData data)
    {
        if (config.DType != data.DType)
        {
            throw new ArgumentException($"trial dtype {config.DType} differs from the data's {data.DType}", nameof(config));
        }
        Config = config;
        _data = data;
        _model = new Mlp(data.Dataset.Features, config.Hidden, data.Dataset.Classes, config.Activation, config.Seed, config.DType, data.Device);
        _optimizer = new Sgd(_model.parameters(), config.LearningRate, config.Momentum, config.Nesterov, config.WeightDecay);
    }

    public TrialConfig Config { get; }

    /// <summary>Epochs trained so far (restored from a checkpoint or run here).</summary>
    public int CompletedEpochs { get; private set; }

    public Mlp Model => _model;

    /// <summary>
    /// Trains the next epoch and evaluates it. Cancellation is checked between batches; a cancelled epoch is
    /// discarded and leaves the in-memory model mid-epoch, so resume from the last checkpoint, not from here.
    /// </summary>
    public EpochMetrics RunEpoch(CancellationToken ct = default)
    {
        var epoch = CompletedEpochs + 1;
        var clock = Stopwatch.StartNew();
        double trainLoss, trainAccuracy;
        var n = _data.TrainCount;
        var batch = Config.BatchSize;
        var batches = (n + batch - 1) / batch;
        using (var epochScope = NewDisposeScope())
        {
            var order = EpochPlan.Order(Config.Seed, epoch, n, _data.Device);
            var lossSum = zeros(1, dtype: ScalarType.Float64, device: _data.Device);
            var correct = zeros(1, dtype: ScalarType.Int64, device: _data.Device);
            _model.train();
            for (var start = 0; start < n; start += batch)
            {
                ct.ThrowIfCancellationRequested();
                using var batchScope = NewDisposeScope();
                var len = Math.Min(batch, n - start);
                // Gather just this batch's rows: materialising a shuffled copy of the whole train set every
                // epoch costs a full-size allocation and copy (hundreds of ms on CPU for MNIST) for the same values.
                var rows = order.narrow(0, start, len);
                var x = _data.TrainX.index_select(0, rows);
                var y = _data.TrainY.index_select(0, rows);
                var logits = _model.forward(x);
                var loss = Losses.Compute(Config.Loss, logits, y, Config.HuberDelta);
                _optimizer.ZeroGrad();
                loss.backward();
                _optimizer.Step();
                using (no_grad())
                {
                    lossSum.add_(loss.detach().to_type(ScalarType.Float64));
                    correct.add_(logits.argmax(1).eq(y).sum());
                }
            }
            // One device sync per epoch rather than per batch.
            trainLoss = lossSum.item<double>() / batches;
            trainAccuracy = (double)correct.item<long>() / n;
        }
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var (testLoss, testAccuracy) = Evaluate();
        CompletedEpochs = epoch;
        return new EpochMetrics(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, clock.Elapsed.TotalSeconds, n / trainSeconds);
    }

    /// <summary>Loss and accuracy over the whole test set, eval mode, no gradients.</summary>
    public (double Loss, double Accuracy) Evaluate()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _model.eval();
        var n = _data.TestCount;
        var lossSum = zeros(1, dtype: ScalarType.Float64, device: _data.Device);
        var correct = zeros(1, dtype: ScalarType.Int64, device: _data.Device);
        for (var start = 0; start < n; start += EpochPlan.EvalBatch)
        {
            using var batchScope = NewDisposeScope();
            var len = Math.Min(EpochPlan.EvalBatch, n - start);
            var x = _data.TestX.narrow(0, start, len);
            var y = _data.TestY.narrow(0, start, len);
            var logits = _model.forward(x);
            lossSum.add_(Losses.Compute(Config.Loss, logits, y, Config.HuberDelta).to_type(ScalarType.Float64) * len);
            correct.add_(logits.argmax(1).eq(y).sum());
        }
        return (lossSum.item<double>() / n, (double)correct.item<long>() / n);
    }

    /// <summary>L2 norm of all weight matrices (biases excluded): what weight decay shrinks.</summary>
    public double WeightNorm()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        double sumSq = 0;
        foreach (var layer in _model.Layers)
        {
            sumSq += layer.weight!.to_type(ScalarType.Float64).pow(2).sum().item<double>();
        }
        return Math.Sqrt(sumSq);
    }

    public void SaveCheckpoint(Stream stream) =>
        Checkpoint.Write(stream, Fingerprint(Config), CompletedEpochs, _model, _optimizer);

    public void LoadCheckpoint(Stream stream, string origin) =>
        CompletedEpochs = Checkpoint.Read(stream, origin, Fingerprint(Config), _model, _optimizer);

    /// <summary>What a checkpoint must agree with to be resumable by this trial (everything but epochs and device).</summary>
    public static string Fingerprint(TrialConfig c) => (c with { Epochs = 0, Device = DeviceChoice.Cpu }).ToString()
        + string.Create(System.Globalization.CultureInfo.InvariantCulture, $" dtype={c.DType} delta={c.HuberDelta:R}");

    // The K = 1 view for TrainingSession: one member, masked when it diverges or its host ends it.
    int IEpochTrainer.MemberCount => 1;

    int IEpochTrainer.ActiveCount => _maskReason is null ? 1 : 0;

    bool IEpochTrainer.IsActive(int member)
    {
        Check(member);
        return _maskReason is null;
    }

    string? IEpochTrainer.MaskReason(int member)
    {
        Check(member);
        return _maskReason;
    }

    void IEpochTrainer.Mask(int member, string reason)
    {
        Check(member);
        _maskReason ??= reason;
    }

    IReadOnlyList<EpochMetrics?> IEpochTrainer.RunEpoch(CancellationToken ct)
    {
        var m = RunEpoch(ct);
        if (!m.IsFinite)
        {
            _maskReason ??= m.DivergenceMessage;
        }
        return [m];
    }

    double IEpochTrainer.WeightNorm(int member)
    {
        Check(member);
        return WeightNorm();
    }

    void IEpochTrainer.SaveCheckpoint(int member, Stream stream)
    {
        Check(member);
        SaveCheckpoint(stream);
    }

    void IEpochTrainer.LoadCheckpoint(int member, Stream stream, string origin)
    {
        Check(member);
        LoadCheckpoint(stream, origin);
        _maskReason = null;
    }

    private static void Check(int member) => ArgumentOutOfRangeException.ThrowIfNotEqual(member, 0);

    public void Dispose()
    {
        _optimizer.Dispose();
        _model.Dispose();
    }
}
