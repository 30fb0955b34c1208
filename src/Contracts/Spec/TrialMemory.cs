using System.Globalization;

namespace SweepGrid.Contracts.Spec;

/// <summary>
/// What one trial of a spec needs in memory, in float32: weights, their gradients and momentum buffers (optimizer
/// state), the activations of one batch (forward and backward), and the device-resident dataset. An estimate, within
/// a small factor; it exists to refuse a model that cannot fit before it is sent anywhere.
/// </summary>
public sealed record TrialMemory(long Weights, long Optimizer, long Activations, long Data)
{
    private const int Features = 28 * 28;
    private const int Classes = 10;
    private const int BytesPerValue = 4;

    public long Total => Weights + Optimizer + Activations + Data;

    /// <summary>The largest trial a spec can make: its widest hidden layers (per layer, over listed architectures and ranges) at its largest batch.</summary>
    public static TrialMemory Largest(SweepSpec spec)
    {
        var sweep = spec.Sweep;
        var hidden = sweep.Hidden.IsEmpty ? [.. spec.Model.Hidden] : Enumerable.Range(0, sweep.Hidden.Max(h => h.Length))
            .Select(i => sweep.Hidden.Max(h => i < h.Length ? h[i] : 0)).ToArray();
        for (var i = 0; i < hidden.Length; i++)
        {
            if (sweep.RangeOf($"hidden[{i}]") is { } r)
            {
                hidden[i] = (int)r.High;
            }
        }
        var batch = Math.Max(spec.BatchSize, sweep.BatchSize.IsEmpty ? 0 : sweep.BatchSize.Max());
        if (sweep.RangeOf("batch_size") is { } b)
        {
            batch = Math.Max(batch, (int)b.High);
        }
        return Of(spec with { Model = spec.Model with { Hidden = [.. hidden] }, BatchSize = batch });
    }

    public static TrialMemory Of(SweepSpec spec)
    {
        long parameters = 0;
        long width = 0;
        var inputs = (long)Features;
        foreach (var h in spec.Model.Hidden.Append(Classes))
        {
            parameters += (inputs * h) + h;
            width += h;
            inputs = h;
        }
        var (train, test) = spec.Data.Dataset == DatasetName.Synthetic
            ? (spec.Data.TrainLimit ?? 10_000, spec.Data.TestLimit ?? 2_000)
            : (Math.Min(spec.Data.TrainLimit ?? 60_000, 60_000), Math.Min(spec.Data.TestLimit ?? 10_000, 10_000));
        return new TrialMemory(
            Weights: parameters * BytesPerValue,
            Optimizer: 2L * parameters * BytesPerValue,
            // Pre-activations, activations and their gradients per layer, plus the input batch.
            Activations: 3L * spec.BatchSize * (width + Features) * BytesPerValue,
            Data: ((long)train + test) * (Features + 1) * BytesPerValue);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"about {Format(Total)} (weights {Format(Weights)}, optimizer state {Format(Optimizer)}, activations at batch size {Format(Activations)}, data {Format(Data)})");

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
    };
}
