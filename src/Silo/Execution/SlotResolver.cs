using System.Globalization;
using SweepGrid.Silo.Options;
using TorchSharp;

namespace SweepGrid.Silo.Execution;

/// <summary>Turns the Slots setting into a number: auto = GPUs × trials per GPU, or CPU slots without CUDA.</summary>
public static class SlotResolver
{
    public static (int Slots, string Reason) Resolve(SweepGridSiloOptions o)
    {
        if (o.Slots != "auto")
        {
            return (int.Parse(o.Slots, CultureInfo.InvariantCulture), "configured");
        }
        var gpus = CountGpus();
        return gpus > 0
            ? (gpus * o.TrialsPerGpu, $"{gpus} GPU(s) x {o.TrialsPerGpu} per GPU")
            : (o.CpuSlots, "no CUDA device: CPU slots");
    }

    private static int CountGpus()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
            return torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or DllNotFoundException)
        {
            return 0;
        }
    }
}
