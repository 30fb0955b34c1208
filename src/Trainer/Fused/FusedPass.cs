using SweepGrid.Trainer.Model;
using SweepGrid.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Fused;

/// <summary>
/// The training and evaluation loops of <see cref="FusedTrainer"/>: those of <see cref="TrialTrainer"/> step for
/// step (same data order, partial last batch kept, same metric arithmetic), over all members at once.
/// </summary>
internal static class FusedPass
{
    /// <summary>
    /// One epoch of training for the members flagged in <paramref name="active"/>: per member, the mean of its
    /// batch losses, its train accuracy, and whether its loss stayed finite throughout.
    /// </summary>
    public static (double[] Loss, double[] Accuracy, bool[] Finite) Train(FusedMlp model, FusedSgd optimizer, DeviceData data,
        TrialConfig config, bool[] active, int epoch, CancellationToken ct) =>
        data.Device.type == DeviceType.CPU && config.DType is ScalarType.Float32 or ScalarType.Float64
            ? TrainOnHost(model, optimizer, data, config, active, epoch, ct)
            : TrainOnDevice(model, optimizer, data, config, active, epoch, ct);

    /// <summary>
    /// The CPU form of <see cref="TrainOnDevice"/>, same arithmetic: on CPU a tensor's values are readable without a
    /// device sync, so the per-batch bookkeeping (which members are still finite, the float64 loss sums, the hit counts)
    /// is kept in host arrays instead of a dozen tiny tensor ops per batch, and while every member is active (the
    /// common case) the masking ops are skipped altogether. The sums are accumulated in the same order with the same
    /// float64 additions, so every metric is bit for bit what the device form gives.
    /// </summary>
    private static (double[] Loss, double[] Accuracy, bool[] Finite) TrainOnHost(FusedMlp model, FusedSgd optimizer, DeviceData data,
        TrialConfig config, bool[] active, int epoch, CancellationToken ct)
    {
        var members = model.Members;
        var n = data.TrainCount;
        var batch = config.BatchSize;
        var batches = (n + batch - 1) / batch;
        using var epochScope = NewDisposeScope();
        var order = EpochPlan.Order(config.Seed, epoch, n, data.Device);
        var lossSum = new double[members];
        var hits = new long[members];
        var alive = (bool[])active.Clone();
        var allAlive = alive.All(a => a);
        var values = new double[members];
        var zero = zeros([], dtype: config.DType, device: data.Device);
        for (var start = 0; start < n; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            using var batchScope = NewDisposeScope();
            var len = Math.Min(batch, n - start);
            var rows = order.narrow(0, start, len);
            var x = data.TrainX.index_select(0, rows);
            var y = data.TrainY.index_select(0, rows);
            var logits = model.Forward(x);
            var losses = Losses.Compute(config.Loss, logits, y, config.HuberDelta);
            Read(losses.detach(), values);
            for (var k = 0; k < members; k++)
            {
                if (alive[k] && !double.IsFinite(values[k]))
                {
                    alive[k] = false;
                    allAlive = false;
                }
            }
            optimizer.ZeroGrad();
            if (allAlive)
            {
                losses.sum().backward();
                optimizer.Step();
            }
            else
            {
                var stillActive = tensor(alive, [members], device: data.Device);
                where(stillActive, losses, zero).sum().backward();
                optimizer.Step(stillActive.view(members, 1, 1));
            }
            for (var k = 0; k < members; k++)
            {
                lossSum[k] += values[k];
            }
            using (no_grad())
            {
                var batchHits = logits.argmax(2).eq(y.unsqueeze(0)).sum(1);
                var h = batchHits.data<long>();
                for (var k = 0; k < members; k++)
                {
                    hits[k] += h[k];
                }
            }
        }
        return ([.. lossSum.Select(s => s / batches)], [.. hits.Select(c => (double)c / n)], alive);
    }

    /// <summary>Values of a [K] float32 or float64 CPU tensor as doubles (float32 widened exactly, as to_type(Float64) does).</summary>
    private static void Read(Tensor t, double[] into)
    {
        if (t.dtype == ScalarType.Float32)
        {
            var v = t.data<float>();
            for (var k = 0; k < into.Length; k++)
            {
                into[k] = v[k];
            }
        }
        else
        {
            var v = t.data<double>();
            for (var k = 0; k < into.Length; k++)
            {
                into[k] = v[k];
            }
        }
    }

    /// <summary>
    /// Any device: the bookkeeping stays in device tensors, with one host sync per epoch rather than per batch.
    /// </summary>
    private static (double[] Loss, double[] Accuracy, bool[] Finite) TrainOnDevice(FusedMlp model, FusedSgd optimizer, DeviceData data,
        TrialConfig config, bool[] active, int epoch, CancellationToken ct)
    {
        var members = model.Members;
        var n = data.TrainCount;
        var batch = config.BatchSize;
        var batches = (n + batch - 1) / batch;
        using var epochScope = NewDisposeScope();
        var order = EpochPlan.Order(config.Seed, epoch, n, data.Device);
        var lossSum = zeros(members, dtype: ScalarType.Float64, device: data.Device);
        var correct = zeros(members, dtype: ScalarType.Int64, device: data.Device);
        // Which members still train, kept on the device: a member whose loss turns NaN/inf is dropped from the
        // backward of that very batch on, without a host sync per batch.
        var stillActive = tensor(active, [members], device: data.Device);
        var zero = zeros([], dtype: config.DType, device: data.Device);
        for (var start = 0; start < n; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            using var batchScope = NewDisposeScope();
            var len = Math.Min(batch, n - start);
            // This batch's rows only, as TrialTrainer gathers them: no shuffled copy of the whole train set per epoch.
            var rows = order.narrow(0, start, len);
            var x = data.TrainX.index_select(0, rows);
            var y = data.TrainY.index_select(0, rows);
            var logits = model.Forward(x);
            var losses = Losses.Compute(config.Loss, logits, y, config.HuberDelta);
            stillActive.logical_and_(losses.detach().isfinite());
            // d(Σ_k L_k)/dθ_k = dL_k/dθ_k: each member gets its own gradient. A masked member's term is
            // swapped for zero (multiplying by 0 would keep NaN) so the sum stays finite.
            var total = where(stillActive, losses, zero).sum();
            optimizer.ZeroGrad();
            total.backward();
            optimizer.Step(stillActive.view(members, 1, 1));
            using (no_grad())
            {
                lossSum.add_(losses.detach().to_type(ScalarType.Float64));
                correct.add_(logits.argmax(2).eq(y.unsqueeze(0)).sum(1));
            }
        }
        // One device sync per epoch rather than per batch.
        var sums = lossSum.cpu().data<double>().ToArray();
        var hits = correct.cpu().data<long>().ToArray();
        var finite = stillActive.cpu().data<bool>().ToArray();
        return ([.. sums.Select(s => s / batches)], [.. hits.Select(c => (double)c / n)], finite);
    }

    /// <summary>Every member's loss and accuracy over the whole test set, without gradients, chunked as <see cref="TrialTrainer.Evaluate"/>.</summary>
    public static (double[] Loss, double[] Accuracy) Evaluate(FusedMlp model, DeviceData data, TrialConfig config)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var n = data.TestCount;
        var lossSum = zeros(model.Members, dtype: ScalarType.Float64, device: data.Device);
        var correct = zeros(model.Members, dtype: ScalarType.Int64, device: data.Device);
        for (var start = 0; start < n; start += EpochPlan.EvalBatch)
        {
            using var batchScope = NewDisposeScope();
            var len = Math.Min(EpochPlan.EvalBatch, n - start);
            var x = data.TestX.narrow(0, start, len);
            var y = data.TestY.narrow(0, start, len);
            var logits = model.Forward(x);
            lossSum.add_(Losses.Compute(config.Loss, logits, y, config.HuberDelta).to_type(ScalarType.Float64) * len);
            correct.add_(logits.argmax(2).eq(y.unsqueeze(0)).sum(1));
        }
        var sums = lossSum.cpu().data<double>().ToArray();
        var hits = correct.cpu().data<long>().ToArray();
        return ([.. sums.Select(s => s / n)], [.. hits.Select(c => (double)c / n)]);
    }
}
