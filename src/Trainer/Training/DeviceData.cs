using SweepGrid.Trainer.Data;
using static TorchSharp.torch;

namespace SweepGrid.Trainer.Training;

/// <summary>
/// A dataset resident on one device as tensors: features scaled to [0, 1] then standardised with the train
/// split's pixel mean and standard deviation; labels as int64. Built once and shared read-only by every trial
/// on that device, so training does no per-batch host copies.
/// </summary>
public sealed class DeviceData : IDisposable
{
    public DeviceData(Dataset dataset, Device device, ScalarType dtype = ScalarType.Float32)
    {
        Dataset = dataset;
        Device = device;
        DType = dtype;
        (Mean, Std) = PixelStats(dataset.Train.Pixels);
        TrainX = Features(dataset.Train);
        TrainY = Labels(dataset.Train);
        TestX = Features(dataset.Test);
        TestY = Labels(dataset.Test);
    }

    public Dataset Dataset { get; }
    public Device Device { get; }
    public ScalarType DType { get; }
    public double Mean { get; }
    public double Std { get; }
    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }
    public int TrainCount => (int)TrainY.shape[0];
    public int TestCount => (int)TestY.shape[0];

    private Tensor Features(DataSplit split)
    {
        using var scope = NewDisposeScope();
        var raw = tensor(split.Pixels, [split.Count, split.Features]);
        var x = ((raw.to_type(DType) / 255.0) - Mean) / Std;
        return x.to(Device).contiguous().MoveToOuterDisposeScope();
    }

    private Tensor Labels(DataSplit split)
    {
        using var scope = NewDisposeScope();
        return tensor(split.Labels, [split.Count]).to_type(ScalarType.Int64).to(Device).MoveToOuterDisposeScope();
    }

    private static (double Mean, double Std) PixelStats(byte[] pixels)
    {
        double sum = 0, sumSq = 0;
        foreach (var p in pixels)
        {
            var v = p / 255.0;
            sum += v;
            sumSq += v * v;
        }
        var mean = sum / pixels.Length;
        var std = Math.Sqrt(Math.Max((sumSq / pixels.Length) - (mean * mean), 1e-12));
        return (mean, std);
    }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}
